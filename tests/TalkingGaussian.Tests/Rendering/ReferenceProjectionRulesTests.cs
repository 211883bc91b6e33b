using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Rendering;

/// <summary>
/// Rules of the reference projection (<see cref="ReferenceProjection"/>) that scene-wide comparisons cannot single out, each
/// on an input built to sit on it: the near plane's inclusive cull, a singular screen covariance, a tile rectangle emptied
/// by one axis alone, the scale modifier in the forward and backward passes, and the Jacobian clamp's boundary.
/// </summary>
public class ReferenceProjectionRulesTests
{
    private static bool Project(in ReferenceCamera cam, double mx, double my, double mz, double s, out ReferenceSplat splat)
    {
        splat = default;
        return ReferenceProjection.Forward(cam, mx, my, mz, s, s, s, 1, 0, 0, 0, ref splat);
    }

    [Fact]
    public void A_gaussian_exactly_at_the_near_plane_is_culled_and_one_just_beyond_it_is_not()
    {
        var camera = SyntheticScenes.FrontCamera(32, 32);
        double tz = new ReferenceCamera(camera, new RasterSettings()).ToView(0, 0, 0).Z;
        Assert.Equal(tz, (double)(float)tz); // the camera's translation is a float: NearCull can sit exactly on it
        Assert.False(Project(new ReferenceCamera(camera, new RasterSettings { NearCull = (float)tz }), 0, 0, 0, 0.05, out var at));
        Assert.Equal(0, at.Radius);
        Assert.True(Project(new ReferenceCamera(camera, new RasterSettings { NearCull = MathF.BitDecrement((float)tz) }), 0, 0, 0, 0.05, out _));
    }

    [Fact]
    public void A_singular_screen_covariance_is_culled()
    {
        // Zero scales: Σ = 0, so without the low-pass term Σ′ = 0 and det Σ′ = 0 (no conic); with it Σ′ = 0.3·I is fine.
        var camera = SyntheticScenes.FrontCamera(32, 32);
        Assert.False(Project(new ReferenceCamera(camera, new RasterSettings { LowPassFilter = 0f }), 0, 0, 0, 0, out var culled));
        Assert.Equal(0, culled.Radius);
        Assert.True(Project(new ReferenceCamera(camera, new RasterSettings()), 0, 0, 0, 0, out var seen));
        Assert.Equal(1 / (double)0.3f, seen.A, 1e-12); // the conic of 0.3·I (the setting is a float)
    }

    [Theory]
    [InlineData(0, 2)]  // above the image: its rectangle has rows [0, 0), columns of the image
    [InlineData(0, -2)] // below: rows [2, 2)
    [InlineData(-2, 0)] // left: columns [0, 0)
    [InlineData(2, 0)]  // right: columns [2, 2)
    public void A_gaussian_off_one_side_of_the_image_is_culled(double mx, double my)
    {
        // 32×32 front camera at distance 3 (2×2 tiles): a small Gaussian 2 units off the axis lands ~7 px beyond the edge, its
        // 3 px radius short of it; along the other axis it is centred, so only one axis empties the rectangle.
        var cam = new ReferenceCamera(SyntheticScenes.FrontCamera(32, 32), new RasterSettings());
        Assert.True(Project(cam, 0, 0, 0, 0.01, out var centre));
        Assert.Equal((0, 0, 2, 2), (centre.MinX, centre.MinY, centre.MaxX, centre.MaxY));
        Assert.False(Project(cam, mx, my, 0, 0.01, out var off));
        Assert.Equal(0, off.Radius);
    }

    [Fact]
    public void The_scale_modifier_multiplies_every_scale_before_the_covariance()
    {
        // (s, modifier k) is (k·s, modifier 1): the same splat, the same ∂L/∂μ and ∂L/∂q, and ∂L/∂s = k·∂L/∂(k·s). The products
        // s·k and k·s round alike, so all of it holds exactly.
        const float k = 1.7f;
        var camera = RasterTestScenes.ObliqueCamera(48, 40);
        var plain = new ReferenceCamera(camera, new RasterSettings());
        var modified = new ReferenceCamera(camera, new RasterSettings { ScaleModifier = k });
        var g = SyntheticScenes.RandomCloud(40, seed: 5, minScale: 0.02f, maxScale: 0.2f);
        var rng = new Random(6);
        int seen = 0;
        for (int i = 0; i < g.Count; i++)
        {
            double mx = g.Means[3 * i], my = g.Means[3 * i + 1], mz = g.Means[3 * i + 2];
            double sx = g.Scales[3 * i], sy = g.Scales[3 * i + 1], sz = g.Scales[3 * i + 2];
            double qw = g.Rotations[4 * i], qx = g.Rotations[4 * i + 1], qy = g.Rotations[4 * i + 2], qz = g.Rotations[4 * i + 3];
            var a = default(ReferenceSplat);
            var b = default(ReferenceSplat);
            bool seenA = ReferenceProjection.Forward(modified, mx, my, mz, sx, sy, sz, qw, qx, qy, qz, ref a);
            bool seenB = ReferenceProjection.Forward(plain, mx, my, mz, k * sx, k * sy, k * sz, qw, qx, qy, qz, ref b);
            Assert.Equal(seenB, seenA);
            if (!seenA) continue;
            seen++;
            Assert.Equal(b, a);

            var up = new ReferenceSplatGradient { U = Next(rng), V = Next(rng), Depth = Next(rng), A = Next(rng), B = Next(rng), C = Next(rng) };
            ReferenceProjection.Backward(modified, mx, my, mz, sx, sy, sz, qw, qx, qy, qz, up, out var dm, out var ds, out var dq);
            ReferenceProjection.Backward(plain, mx, my, mz, k * sx, k * sy, k * sz, qw, qx, qy, qz, up, out var dmPlain, out var dsPlain, out var dqPlain);
            Assert.Equal(dmPlain, dm);
            Assert.Equal(dqPlain, dq);
            Assert.Equal((k * dsPlain.X, k * dsPlain.Y, k * dsPlain.Z), ds);
        }
        Assert.True(seen > 20, $"only {seen} of 40 Gaussians in view");
    }

    [Fact]
    public void The_jacobian_clamp_lets_through_a_coordinate_exactly_at_its_limit_and_holds_one_beyond_it()
    {
        // As released: x/z is clamped to ±1.3·tan(fovX/2), and only |x/z| > limit is held constant in the backward pass.
        // z = 2 (a power of two) so that x/z is exactly the limit.
        var cam = new ReferenceCamera(RasterTestScenes.ObliqueCamera(48, 40), new RasterSettings());
        const double z = 2;
        foreach (double sign in new[] { 1.0, -1.0 })
        {
            ReferenceProjection.Jacobian(cam, sign * cam.LimX * z, sign * cam.LimY * z, z, out double x, out double y, out bool xFree, out bool yFree);
            Assert.Equal((sign * cam.LimX * z, sign * cam.LimY * z, true, true), (x, y, xFree, yFree));
            double beyondX = sign * Math.BitIncrement(cam.LimX) * z, beyondY = sign * Math.BitIncrement(cam.LimY) * z;
            ReferenceProjection.Jacobian(cam, beyondX, beyondY, z, out x, out y, out xFree, out yFree);
            Assert.Equal((sign * cam.LimX * z, sign * cam.LimY * z, false, false), (x, y, xFree, yFree));
        }
    }

    private static double Next(Random rng) => 2 * rng.NextDouble() - 1;
}
