using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Rendering;

/// <summary>
/// The per-pixel rules of the reference rasterizer (<see cref="ReferencePixels"/>, original-code.md §7.3), each on splats
/// built by hand to sit on it: what binning counts and skips, a positive power, the skip threshold on α̃ itself (the power bound is only a
/// shortcut), the transmittance stop, and the order of Gaussians at equal depth. Expected images are composited here by
/// hand from Eq. 2.
/// </summary>
public class ReferencePixelsRulesTests
{
    private static ReferenceCamera Camera(RasterSettings settings) => new(SyntheticScenes.FrontCamera(48, 48), settings); // 3×3 tiles

    /// <summary>A circular splat (conic ½·I, i.e. σ = 1 px) with the tile rectangle of its own tile, MinPower as the rasterizer sets it.</summary>
    private static ReferenceSplat At(double u, double v, double opacity, RasterSettings settings, double depth = 2, double red = 0.5) => new()
    {
        U = u, V = v, Depth = depth, A = 0.5, B = 0, C = 0.5, Opacity = opacity, R = red, G = 0.25, Bl = 0.75,
        MinPower = Math.Log(settings.MinAlpha / opacity) - 1e-9, // ReferenceRasterizer.Forward's bound
        Radius = 3,
        MinX = (int)u / 16, MaxX = (int)u / 16 + 1, MinY = (int)v / 16, MaxY = (int)v / 16 + 1,
    };

    private static RasterOutput Render(ReferenceSplat[] splats, in ReferenceCamera cam, ReferencePixels pixels)
    {
        var output = new RasterOutput { Color = new float[3 * cam.Width * cam.Height], Alpha = new float[cam.Width * cam.Height], Depth = new float[cam.Width * cam.Height] };
        pixels.Bin(splats, splats.Length, cam);
        pixels.Render(splats, cam, output);
        return output;
    }

    [Fact]
    public void Binning_counts_each_rectangle_s_tiles_and_skips_culled_splats_whatever_their_rectangle()
    {
        var settings = new RasterSettings();
        var cam = Camera(settings);
        var wide = At(30, 20, 0.5, settings) with { MinX = 1, MaxX = 3, MinY = 0, MaxY = 3 }; // 2 × 3 tiles
        var small = At(40, 24, 0.5, settings) with { MinX = 2, MaxX = 3, MinY = 1, MaxY = 2 }; // 1 tile
        // Culled in this pass (radius 0) but still holding the rectangle of an earlier pass, as ReferenceRasterizer's reused
        // splat array does: it must be binned nowhere.
        var culled = At(5, 5, 0.5, settings) with { Radius = 0, MinX = 0, MaxX = 3, MinY = 0, MaxY = 3 };
        var pixels = new ReferencePixels();
        var output = Render([wide, small, culled], cam, pixels);
        Assert.Equal(2 * 3 + 1 * 1, pixels.Pairs);
        Assert.Equal(0f, output.Alpha[5 * 48 + 5]); // tile (0, 0) is empty
        Assert.True(output.Alpha[20 * 48 + 30] > 0.4f); // the wide one is drawn at its centre
    }

    [Fact]
    public void The_skip_rule_is_alpha_below_the_threshold_and_the_power_bound_only_a_shortcut_for_it()
    {
        var settings = new RasterSettings();
        double minAlpha = settings.MinAlpha, opacity = 0.6;
        // Tile (0, 0): opacity MinAlpha, mean on pixel (5, 5): α̃ = MinAlpha exactly there, which is blended (only α̃ < MinAlpha is
        // skipped). Tile (2, 2): at pixel (40, 40), α·e^power = MinAlpha·e^(−5e-10), inside the bound's 1e-9 margin: it passes
        // the power bound and must be skipped by the threshold itself. Conic I, so power = −½·dx² with the mean dx to the right.
        double power = Math.Log(minAlpha / opacity) - 5e-10, dx = Math.Sqrt(-2 * power);
        var atThreshold = At(5, 5, minAlpha, settings);
        var justBelow = At(40 + dx, 40, opacity, settings) with { A = 1, C = 1 };
        Assert.True(power > justBelow.MinPower && opacity * Math.Exp(-0.5 * dx * dx) < minAlpha); // the case this test is for
        var output = Render([atThreshold, justBelow], Camera(settings), new ReferencePixels());
        Assert.Equal(minAlpha, output.Alpha[5 * 48 + 5], 1e-9);  // 1 − (1 − MinAlpha) in double, then float: 2e-10 measured
        Assert.Equal(0f, output.Alpha[40 * 48 + 40]);
        Assert.True(output.Alpha[40 * 48 + 41] > minAlpha); // one pixel nearer the mean it is blended
    }

    [Fact]
    public void A_non_positive_conic_is_skipped_where_its_power_is_positive()
    {
        // A = −0.5: power = +0.25·dx² > 0 one pixel off the mean (projection never makes one; the rule is the released one).
        var settings = new RasterSettings();
        var output = Render([At(24, 24, 0.6, settings) with { A = -0.5 }], Camera(settings), new ReferencePixels());
        Assert.Equal(0.6f, output.Alpha[24 * 48 + 24], 1e-6f); // power 0 at the mean: blended
        Assert.Equal(0f, output.Alpha[24 * 48 + 25]);
    }

    [Fact]
    public void A_blend_that_leaves_exactly_the_epsilon_is_made_and_the_next_one_stops_the_pixel()
    {
        // Three splats with α̃ = 0.5 on pixel (8, 8): T goes 1 → 0.5 → 0.25 = ε (made: the stop is T(1 − α̃) < ε), and the third,
        // which would leave 0.125, stops the pixel. Just above that ε, the second already stops it.
        foreach (var (epsilon, alpha) in new[] { (0.25f, 0.75f), (MathF.BitIncrement(0.25f), 0.5f) })
        {
            var settings = new RasterSettings { TransmittanceEpsilon = epsilon };
            var splats = new[] { At(8, 8, 0.5, settings, depth: 1), At(8, 8, 0.5, settings, depth: 2), At(8, 8, 0.5, settings, depth: 3) };
            var output = Render(splats, Camera(settings), new ReferencePixels());
            Assert.Equal(alpha, output.Alpha[8 * 48 + 8]);
        }
    }

    [Fact]
    public void Gaussians_at_equal_depth_are_blended_in_index_order()
    {
        // 24 splats at one depth on pixel (20, 20), reds i/24, α̃ = 0.2 each (more than 16: List.Sort's insertion sort is stable
        // below that, its partitioning is not). Eq. 2 in index order: C_r = Σᵢ rᵢ·0.2·0.8ⁱ + 0.8²⁴·bg_r.
        var settings = new RasterSettings { Background = (0.9f, 0f, 0f) };
        const int n = 24;
        var splats = new ReferenceSplat[n];
        double expected = 0, t = 1;
        for (int i = 0; i < n; i++)
        {
            splats[i] = At(20, 20, 0.2, settings, depth: 2, red: i / (double)n);
            expected += splats[i].R * 0.2 * t;
            t *= 0.8;
        }
        expected += t * 0.9f;
        var output = Render(splats, Camera(settings), new ReferencePixels());
        Assert.Equal(expected, output.Color[20 * 48 + 20], 1e-6); // float output of a double sum: 1e-8 measured
    }
}
