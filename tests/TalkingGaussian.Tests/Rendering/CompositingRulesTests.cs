using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Rendering;

/// <summary>
/// The released rasterizer's compositing rules in the kernels' helper (original-code.md §7.3), each on a splat built to sit
/// on it: a pixel at the exact centre counts, a non-positive conic is skipped, α̃ equal to the skip threshold is kept, a
/// blend leaving exactly the transmittance epsilon is made, the last contributor is the last one blended, and the backward
/// step says which Gaussians it differentiated (the kernels add only those).
/// </summary>
public class CompositingRulesTests
{
    private static readonly BlendParams Blend = new(SyntheticScenes.FrontCamera(16, 16), new RasterSettings());

    private static Splat At(float x, float y, float opacity, float conicA = 0.5f, float conicB = 0f, float conicC = 0.5f) => new()
    {
        X = x, Y = y, ConicA = conicA, ConicB = conicB, ConicC = conicC, Opacity = opacity, R = 0.2f, G = 0.5f, B = 0.8f, Depth = 2f,
        PowerFloor = Projection.PowerFloor(opacity, Blend.MinAlpha),
    };

    [Fact]
    public void A_pixel_at_the_exact_centre_takes_the_full_opacity_up_to_the_cap()
    {
        // power = 0 there (the original skips only power > 0).
        Assert.Equal(0.6f, Compositing.Alpha(At(5f, 7f, 0.6f), 5f, 7f, Blend.AlphaCap, Blend.MinAlpha, out float gauss, out _, out _));
        Assert.Equal(1f, gauss);
        Assert.Equal(Blend.AlphaCap, Compositing.Alpha(At(5f, 7f, 1f), 5f, 7f, Blend.AlphaCap, Blend.MinAlpha, out _, out _, out _));
    }

    [Fact]
    public void A_non_positive_conic_is_skipped()
    {
        // A = −0.5: power = +0.25·dx² > 0 one pixel off the mean (projection never makes one; the kernels must not blend it).
        var s = At(5f, 7f, 0.6f, conicA: -0.5f);
        Assert.Equal(0f, Compositing.Alpha(s, 6f, 7f, Blend.AlphaCap, Blend.MinAlpha, out _, out _, out _));
        var st = Compositing.StartBackward(0.5f, 1f, 1f, 1f, 1f, 1f, Blend);
        var grad = default(SplatGrad);
        Assert.False(Compositing.BackwardStep(ref st, s, 6f, 7f, Blend, ref grad));
        Assert.Equal(default, grad);
    }

    [Fact]
    public void An_alpha_equal_to_the_skip_threshold_is_kept()
    {
        // Opacity 1/255 at the centre: α̃ = MinAlpha exactly; the original skips only α̃ < 1/255.
        Assert.Equal(Blend.MinAlpha, Compositing.Alpha(At(3f, 3f, Blend.MinAlpha), 3f, 3f, Blend.AlphaCap, Blend.MinAlpha, out _, out _, out _));
    }

    [Fact]
    public void The_power_floor_rejects_strictly_below_itself_and_nothing_the_skip_threshold_would_keep()
    {
        // Splat.PowerFloor: power < floor ⇒ α·e^power < MinAlpha, so Alpha rejects it without evaluating 𝒢 (reported as 0, as
        // PixelCompositingTrace shows it). At the floor itself the splat is evaluated, 𝒢 = e^floor, and α·e^floor =
        // MinAlpha·e^−0.01 is still below the threshold: α̃ = 0 on both sides, the floor changes no α̃.
        const float opacity = 0.7f;
        float floor = Projection.PowerFloor(opacity, Blend.MinAlpha);
        // One pixel off the mean along x with B = 0: power = −½·A·1² exactly, so A = −2·power puts the pixel on a chosen power.
        var onFloor = At(5f, 7f, opacity, conicA: -2f * floor);
        Assert.Equal(0f, Compositing.Alpha(onFloor, 4f, 7f, Blend.AlphaCap, Blend.MinAlpha, out float gauss, out _, out _));
        Assert.Equal(MathF.Exp(floor), gauss);
        Assert.True(opacity * gauss < Blend.MinAlpha, $"α·e^floor = {opacity * gauss} reaches MinAlpha {Blend.MinAlpha}");
        var belowFloor = At(5f, 7f, opacity, conicA: -2f * MathF.BitDecrement(floor));
        Assert.Equal(0f, Compositing.Alpha(belowFloor, 4f, 7f, Blend.AlphaCap, Blend.MinAlpha, out float rejected, out _, out _));
        Assert.Equal(0f, rejected);
    }

    [Fact]
    public void A_blend_that_leaves_exactly_the_epsilon_is_made_and_one_below_it_stops_the_pixel()
    {
        // T·(1 − α̃) = 1·(1 − 0.5) = 0.5 exactly; with the epsilon at 0.5 the blend is made, just above it the pixel stops.
        var camera = SyntheticScenes.FrontCamera(16, 16);
        var s = At(4f, 4f, 0.5f);
        var made = PixelAccumulator.Start;
        Compositing.Blend(ref made, s, 4f, 4f, new BlendParams(camera, new RasterSettings { TransmittanceEpsilon = 0.5f }));
        Assert.False(made.Done);
        Assert.Equal((0.5f, 1), (made.T, made.LastContributor));
        var stopped = PixelAccumulator.Start;
        Compositing.Blend(ref stopped, s, 4f, 4f, new BlendParams(camera, new RasterSettings { TransmittanceEpsilon = MathF.BitIncrement(0.5f) }));
        Assert.True(stopped.Done);
        Assert.Equal((1f, 0), (stopped.T, stopped.LastContributor));
    }

    [Fact]
    public void The_last_contributor_is_the_last_gaussian_blended_not_the_last_evaluated()
    {
        var acc = PixelAccumulator.Start;
        Compositing.Blend(ref acc, At(4f, 4f, 0.5f), 4f, 4f, Blend);          // blended
        Compositing.Blend(ref acc, At(14f, 14f, 0.5f), 4f, 4f, Blend);        // evaluated, far away: α̃ below the threshold
        Assert.Equal((2, 1), (acc.Evaluated, acc.LastContributor));
        Assert.Equal(0.5f, acc.T);
    }

    [Fact]
    public void The_backward_step_says_whether_it_differentiated_the_gaussian()
    {
        var near = At(4f, 4f, 0.5f);
        var st = Compositing.StartBackward(0.5f, 1f, -1f, 0.5f, 0.3f, 0.2f, Blend);
        var grad = default(SplatGrad);
        Assert.True(Compositing.BackwardStep(ref st, near, 4f, 4f, Blend, ref grad));
        Assert.NotEqual(default, grad);
        var far = default(SplatGrad);
        Assert.False(Compositing.BackwardStep(ref st, At(14f, 14f, 0.5f), 4f, 4f, Blend, ref far));
        Assert.Equal(default, far);
    }
}
