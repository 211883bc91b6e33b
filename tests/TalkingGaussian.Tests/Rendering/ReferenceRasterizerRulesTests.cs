using System.Numerics;
using TalkingGaussian.Rendering;
using Xunit.Abstractions;

namespace TalkingGaussian.Tests.Rendering;

/// <summary>
/// The reference rasterizer's own rules, beside its maths: it checks its inputs, a call's results do not depend on the
/// calls before it (its buffers are reused, not re-allocated), culled Gaussians get exactly zero gradients, and a pixel
/// blends a Gaussian whose α̃ is at least MinAlpha, however close (its early reject by power must not cut into that).
/// </summary>
public class ReferenceRasterizerRulesTests(ITestOutputHelper output)
{
    [Fact]
    public void Bad_inputs_and_calls_are_rejected_with_a_message()
    {
        var (g, camera, settings) = RasterTestScenes.Smooth(seed: 2, precomputed: true);
        using var r = new ReferenceRasterizer();
        var bad = new RasterSettings { AlphaCap = 1f };
        Assert.Contains("AlphaCap", Assert.Throws<ArgumentException>(() => r.Forward(g, camera, bad)).Message);
        Assert.Throws<InvalidOperationException>(() => r.Backward(new float[3 * camera.Width * camera.Height]));
        r.Forward(g, camera, settings);
        Assert.Contains("dColor", Assert.Throws<ArgumentException>(() => r.Backward(new float[3 * camera.Width * camera.Height - 1])).Message);
    }

    [Fact]
    public void Precomputed_colours_take_precedence_and_the_sh_array_is_then_ignored()
    {
        // RasterInputs holds either SH or colours; with both, the colours are used and the SH array is not read, whatever
        // its length (RasterInputs.Validate checks it only when there are no colours).
        var (g, camera, settings) = RasterTestScenes.Smooth(seed: 2, precomputed: true);
        var (dC, _, _) = RasterTestScenes.Upstream(camera.Width, camera.Height, seed: 3, true, false, false);
        using var r = new ReferenceRasterizer();
        float[] image = (float[])r.Forward(g, camera, settings).Color.Clone(), dColors = (float[])r.Backward(dC).Colors.Clone();
        g.Sh = [1f]; // far shorter than 3·(ShDegree + 1)²·N
        Assert.Equal(image, r.Forward(g, camera, settings).Color);
        Assert.Equal(dColors, r.Backward(dC).Colors);
    }

    [Fact]
    public void A_call_does_not_depend_on_earlier_calls_and_culled_gaussians_get_zero_gradients()
    {
        // Scene A, then scene B: A with Gaussian 0 moved behind the camera and Gaussian 1 given a NaN scale (both culled),
        // on one rasterizer; B's gradients must equal a fresh rasterizer's, bit for bit, and be exactly 0 for the culled two.
        var (a, camera, settings) = RasterTestScenes.Smooth(seed: 4, precomputed: false);
        var (dC, dA, dD) = RasterTestScenes.Upstream(camera.Width, camera.Height, seed: 6, true, true, true);
        var b = RasterTestScenes.Clone(a);
        var behind = 2f * camera.Center; // the camera looks at the origin: twice its centre is behind it
        (b.Means[0], b.Means[1], b.Means[2]) = (behind.X, behind.Y, behind.Z);
        b.Scales[3 + 1] = float.NaN;

        using var reused = new ReferenceRasterizer();
        reused.Forward(a, camera, settings);
        var first = Copy(reused.Backward(dC, dA, dD));
        foreach (int i in new[] { 0, 1 })
            Assert.True(first.Means[3 * i] != 0 && first.Sh[3 * 9 * i] != 0 && first.Means2D[2 * i] != 0,
                $"Gaussian {i} must have gradients in scene A, so that stale ones would show in scene B");
        reused.Forward(b, camera, settings);
        var second = Copy(reused.Backward(dC, dA, dD));
        using var fresh = new ReferenceRasterizer();
        fresh.Forward(b, camera, settings);
        var expected = Copy(fresh.Backward(dC, dA, dD));

        Assert.Equal(0, reused.Forward(b, camera, settings).Radii[0]);
        Assert.Equal(0, reused.Forward(b, camera, settings).Radii[1]);
        foreach (var (name, got, want, stride) in new[]
                 {
                     ("means", second.Means, expected.Means, 3), ("means2D", second.Means2D, expected.Means2D, 2),
                     ("scales", second.Scales, expected.Scales, 3), ("rotations", second.Rotations, expected.Rotations, 4),
                     ("opacities", second.Opacities, expected.Opacities, 1), ("sh", second.Sh, expected.Sh, 27),
                 })
        {
            Assert.Equal(want, got);
            for (int j = 0; j < 2 * stride; j++) Assert.True(got[j] == 0f, $"{name}[{j}] of a culled Gaussian is {got[j]}, not 0");
            Assert.Contains(got.Skip(2 * stride), v => v != 0f);
        }
    }

    [Fact]
    public void Steady_state_calls_reuse_their_buffers()
    {
        // The class owns its outputs and gradients and overwrites them; the input snapshot for the backward pass is
        // reused too. A warm Forward + Backward of 300 Gaussians (SH degree 2: 38 floats each, 45 kB to copy) allocates
        // only small per-call objects (the binning's comparer, sorting): measured 280 bytes.
        var g = SyntheticScenes.RandomCloud(300, seed: 7, extent: 0.6f, minScale: 0.02f, maxScale: 0.08f);
        var camera = RasterTestScenes.ObliqueCamera(32, 32);
        var settings = new RasterSettings();
        var (dC, dA, dD) = RasterTestScenes.Upstream(camera.Width, camera.Height, seed: 1, true, true, true);
        using var r = new ReferenceRasterizer();
        for (int warm = 0; warm < 2; warm++)
        {
            r.Forward(g, camera, settings);
            r.Backward(dC, dA, dD);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        r.Forward(g, camera, settings);
        r.Backward(dC, dA, dD);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"a warm Forward + Backward allocated {allocated} bytes");
        Assert.True(allocated < 2000, $"a warm Forward + Backward allocated {allocated} bytes");
    }

    [Theory]
    [InlineData(+0.5e-9, true)]
    [InlineData(-0.5e-9, false)]
    public void A_gaussian_at_the_min_alpha_threshold_is_blended_from_it_on(double powerAboveThreshold, bool blended)
    {
        // One Gaussian; its screen mean nudged so that a pixel on its row sees power = ln(MinAlpha/α) + δ, δ = ±5e-10, i.e.
        // α̃ = MinAlpha·e^δ: blended when δ ≥ 0 (α̃ < MinAlpha is the skip rule), so that pixel's opacity is ≈ MinAlpha, else 0.
        var g = new RasterInputs
        {
            Count = 1, Means = [0.1f, -0.05f, 0.2f], Scales = [0.15f, 0.1f, 0.2f], Rotations = [0.9f, 0.3f, -0.2f, 0.2f],
            Opacities = [0.6f], Colors = [0.3f, 0.6f, 0.9f],
        };
        var q = Quaternion.Normalize(new Quaternion(g.Rotations[1], g.Rotations[2], g.Rotations[3], g.Rotations[0]));
        g.Rotations = [q.W, q.X, q.Y, q.Z];
        var camera = RasterTestScenes.ObliqueCamera(64, 64);
        var settings = new RasterSettings { RadiusSigmas = 6f }; // the rectangle reaches well past the threshold
        using var r = new ReferenceRasterizer();
        r.Forward(g, camera, settings);
        var s = r.Splats[0];
        double threshold = Math.Log(settings.MinAlpha / (double)g.Opacities[0]), target = threshold + powerAboveThreshold;
        // On the row y = V (dy = 0), power = −½A·dx²: dx = √(−2·target/A) left of the mean.
        int y = (int)Math.Round(s.V);
        double dx = Math.Sqrt(-2 * target / s.A);
        int x = (int)Math.Floor(s.U - dx);
        Assert.InRange(x, 0, camera.Width - 1);
        r.ScreenNudge = (0, x + dx - s.U, y - s.V);
        var image = r.Forward(g, camera, settings);
        r.ScreenNudge = null;
        float alpha = image.Alpha[y * camera.Width + x];
        output.WriteLine($"pixel ({x}, {y}) at {dx:F3} px: α̃ = {alpha:G9} (MinAlpha {settings.MinAlpha:G9})");
        if (blended) Assert.Equal(settings.MinAlpha, alpha, 1e-9f);
        else Assert.Equal(0f, alpha);
    }

    private static RasterGradients Copy(RasterGradients g) => new()
    {
        Means = (float[])g.Means.Clone(), Means2D = (float[])g.Means2D.Clone(), Scales = (float[])g.Scales.Clone(),
        Rotations = (float[])g.Rotations.Clone(), Opacities = (float[])g.Opacities.Clone(), Sh = (float[])g.Sh.Clone(),
        Colors = (float[])g.Colors.Clone(),
    };
}
