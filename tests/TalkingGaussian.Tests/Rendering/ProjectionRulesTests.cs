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
        // α ≤ 0 (−0 included): α·e^power ≤ 0 < MinAlpha for every power, so every power is rejected: +∞, not ln of a
        // non-positive ratio (NaN, which as a bound would reject nothing).
        foreach (float none in new[] { 0f, -0f, -opacity })
            Assert.Equal(float.PositiveInfinity, Projection.PowerFloor(none, minAlpha));
    }

    [Theory]
    [InlineData(1, -1)]
    [InlineData(-1, 1)]
    [InlineData(1, 1)]
    [InlineData(-1, -1)]
    public void A_view_coordinate_exactly_at_the_jacobian_clamp_keeps_its_gradient(int signX, int signY)
    {
        // x/z and y/z are clamped to ±lim in J; the original cuts the clamped coordinate's gradient only strictly outside
        // (|x/z| > lim). At |x/z| = lim the clamp is the identity, so the gradient there is the limit from inside: it must
        // equal the gradient one ulp inside, and differ from the one ulp outside by the cut term.
        // The view rotation is a cyclic permutation (t = (μz, μx, μy), not its own transpose, products exact) so the
        // Gaussian can be put on the clamp exactly: t_z = 2 and t_x = lim_x·2, t_y = lim_y·2 are the helper's own products.
        var camera = new Camera(new RigidTransform(0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0), 0.9f, 0.7f, 64, 48);
        var p = new ProjectionParams(camera, new RasterSettings());
        const float tz = 2f;
        float bx = signX * (p.LimX * tz), by = signY * (p.LimY * tz);
        const float sx = 0.3f, sy = 0.12f, sz = 0.07f;
        const float qw = 0.8f, qx = 0.35f, qy = -0.3f, qz = 0.38f;
        var rng = new Random(11);
        var up = new SplatGrad { X = Next(rng), Y = Next(rng), Depth = Next(rng), ConicA = 20f * Next(rng), ConicB = 20f * Next(rng), ConicC = 20f * Next(rng) };
        // (∂L/∂μx, ∂L/∂μy, ∂L/∂μz) = (∂L/∂t_y, ∂L/∂t_z, ∂L/∂t_x) for this rotation (Wᵀ).
        (float Dx, float Dy, float Dz) Grad(float tx, float ty)
        {
            Projection.Backward(p, ty, tz, tx, sx, sy, sz, qw, qx, qy, qz, up, out float dmx, out float dmy, out float dmz,
                out _, out _, out _, out _, out _, out _, out _);
            return (dmz, dmx, dmy);
        }
        Assert.True(Projection.Forward(p, by, tz, bx, sx, sy, sz, qw, qx, qy, qz, out _, out _) > 0, "the Gaussian reaches the image");

        var at = Grad(bx, by);
        var inside = Grad(Toward0(bx), Toward0(by));
        var outsideX = Grad(Away(bx), Toward0(by));
        var outsideY = Grad(Toward0(bx), Away(by));
        float scale = MathF.Sqrt(inside.Dx * inside.Dx + inside.Dy * inside.Dy + inside.Dz * inside.Dz);
        // One ulp of t moves the gradient by about an ulp of its size: measured ≤ 6e-8·|∇| over the four cases; tolerance 4e-7.
        const float tol = 4e-7f;
        Assert.True(Math.Abs(at.Dx - inside.Dx) <= tol * scale, $"∂L/∂t_x at the clamp {at.Dx} vs inside {inside.Dx}");
        Assert.True(Math.Abs(at.Dy - inside.Dy) <= tol * scale, $"∂L/∂t_y at the clamp {at.Dy} vs inside {inside.Dy}");
        Assert.True(Math.Abs(at.Dz - inside.Dz) <= tol * scale, $"∂L/∂t_z at the clamp {at.Dz} vs inside {inside.Dz}");
        // The cut term carries weight: one ulp outside the clamp ∂L/∂t_x (∂L/∂t_y) loses −f·∂L/∂J02/z² (−f·∂L/∂J12/z²),
        // measured 3.1e-3 to 1.6e-2 of |∇|, so a clamp boundary taken as outside fails the check above by ≥ 7000× its tolerance.
        Assert.True(Math.Abs(outsideX.Dx - inside.Dx) > 1e3f * tol * scale, $"∂L/∂t_x outside {outsideX.Dx} vs inside {inside.Dx}");
        Assert.True(Math.Abs(outsideY.Dy - inside.Dy) > 1e3f * tol * scale, $"∂L/∂t_y outside {outsideY.Dy} vs inside {inside.Dy}");
    }

    private static float Toward0(float v) => v > 0f ? MathF.BitDecrement(v) : MathF.BitIncrement(v);

    private static float Away(float v) => v > 0f ? MathF.BitIncrement(v) : MathF.BitDecrement(v);

    private static float Next(Random rng) => 2f * rng.NextSingle() - 1f;
}
