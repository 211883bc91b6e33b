using TalkingGaussian.Gaussians;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Rendering;

/// <summary>
/// Rules of the kernels' projection helper that the scene-wide comparisons with the reference cannot single out: each on an
/// input built to sit on it (the tile grid's rounding, the near plane's inclusive cull, the scale modifier, the early-reject
/// bound).
/// </summary>
public class ProjectionRulesTests
{
    [Theory]
    [InlineData(16, 16, 1, 1)]
    [InlineData(48, 32, 3, 2)]
    [InlineData(33, 17, 3, 2)]
    [InlineData(1, 47, 1, 3)]
    public void Tile_counts_round_partial_tiles_up(int width, int height, int tilesX, int tilesY)
    {
        var camera = SyntheticScenes.FrontCamera(width, height);
        var settings = new RasterSettings();
        var projection = new ProjectionParams(camera, settings);
        var blend = new BlendParams(camera, settings);
        Assert.Equal((tilesX, tilesY), (projection.TilesX, projection.TilesY));
        Assert.Equal((tilesX, tilesY), (blend.TilesX, blend.TilesY));
    }

    [Fact]
    public void A_gaussian_exactly_at_the_near_plane_is_culled_and_one_just_beyond_it_is_not()
    {
        var camera = SyntheticScenes.FrontCamera(32, 32);
        var v = camera.WorldToView;
        const float mz = 2.8f;
        float tz = v.R20 * 0f + v.R21 * 0f + v.R22 * mz + v.T2; // the helper's own expression for the view depth
        var at = new ProjectionParams(camera, new RasterSettings { NearCull = tz });
        var before = new ProjectionParams(camera, new RasterSettings { NearCull = MathF.BitDecrement(tz) });
        Assert.Equal(0, Projection.Forward(at, 0f, 0f, mz, 0.05f, 0.05f, 0.05f, 1f, 0f, 0f, 0f, out _, out _)); // z ≤ near: culled
        Assert.True(Projection.Forward(before, 0f, 0f, mz, 0.05f, 0.05f, 0.05f, 1f, 0f, 0f, 0f, out _, out _) > 0);
    }

    [Fact]
    public void The_scale_modifier_multiplies_every_scale_before_the_covariance()
    {
        // (s, modifier k) projects as (k·s, modifier 1); backward, ∂L/∂s = k·∂L/∂(k·s) and the other gradients agree.
        const float k = 1.7f;
        var camera = RasterTestScenes.ObliqueCamera(48, 40);
        var plain = new ProjectionParams(camera, new RasterSettings());
        var modified = new ProjectionParams(camera, new RasterSettings { ScaleModifier = k });
        var g = SyntheticScenes.RandomCloud(40, seed: 5, minScale: 0.02f, maxScale: 0.2f);
        var rng = new Random(6);
        int seen = 0;
        for (int i = 0; i < g.Count; i++)
        {
            float mx = g.Means[3 * i], my = g.Means[3 * i + 1], mz = g.Means[3 * i + 2];
            float sx = g.Scales[3 * i], sy = g.Scales[3 * i + 1], sz = g.Scales[3 * i + 2];
            float qw = g.Rotations[4 * i], qx = g.Rotations[4 * i + 1], qy = g.Rotations[4 * i + 2], qz = g.Rotations[4 * i + 3];
            int r1 = Projection.Forward(modified, mx, my, mz, sx, sy, sz, qw, qx, qy, qz, out var a, out var ra);
            int r2 = Projection.Forward(plain, mx, my, mz, k * sx, k * sy, k * sz, qw, qx, qy, qz, out var b, out var rb);
            Assert.Equal(r2, r1);
            if (r1 == 0) continue;
            seen++;
            Assert.Equal((b.X, b.Y, b.ConicA, b.ConicB, b.ConicC, b.Depth), (a.X, a.Y, a.ConicA, a.ConicB, a.ConicC, a.Depth));
            Assert.Equal(rb, ra);

            var up = new SplatGrad { X = Next(rng), Y = Next(rng), Depth = Next(rng), ConicA = Next(rng), ConicB = Next(rng), ConicC = Next(rng) };
            Projection.Backward(modified, mx, my, mz, sx, sy, sz, qw, qx, qy, qz, up, out float m0, out float m1, out float m2,
                out float s0, out float s1, out float s2, out float q0, out float q1, out float q2, out float q3);
            Projection.Backward(plain, mx, my, mz, k * sx, k * sy, k * sz, qw, qx, qy, qz, up, out float n0, out float n1, out float n2,
                out float t0, out float t1, out float t2, out float p0, out float p1, out float p2, out float p3);
            Assert.Equal((n0, n1, n2, p0, p1, p2, p3), (m0, m1, m2, q0, q1, q2, q3)); // same arithmetic: exactly equal
            // k·(∂L/∂M terms) against the same sum times 1 then k: one rounding apart.
            foreach (var (got, want) in new[] { (s0, k * t0), (s1, k * t1), (s2, k * t2) })
                Assert.True(Math.Abs(got - want) <= 1e-6f * Math.Abs(want), $"∂L/∂s {got} vs k·∂L/∂(ks) {want}");
        }
        Assert.True(seen > 20, $"only {seen} of 40 Gaussians in view");
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(0.5f)]
    [InlineData(0.02f)]
    public void The_early_reject_bound_sits_just_below_the_power_where_alpha_reaches_the_skip_threshold(float opacity)
    {
        const float minAlpha = 1f / 255f;
        float floor = Projection.PowerFloor(opacity, minAlpha);
        // α·e^(floor + margin) = MinAlpha: the bound is the skip threshold's power, less the margin.
        Assert.Equal(minAlpha, opacity * MathF.Exp(floor + Projection.PowerFloorMargin), 1e-6f * minAlpha);
        Assert.Equal(float.PositiveInfinity, Projection.PowerFloor(0f, minAlpha)); // a transparent Gaussian is always rejected
    }

    private static float Next(Random rng) => 2f * rng.NextSingle() - 1f;
}
