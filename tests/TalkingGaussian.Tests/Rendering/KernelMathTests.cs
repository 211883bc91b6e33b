using TalkingGaussian.Gaussians;
using TalkingGaussian.Rendering;
using Xunit.Abstractions;

namespace TalkingGaussian.Tests.Rendering;

/// <summary>
/// The kernels' shared helpers (<see cref="Projection"/>, <see cref="Compositing"/>, <see cref="SphericalHarmonics"/>) called
/// on the host, Gaussian by Gaussian and pixel by pixel, against the independent reference rasterizer. Same maths as
/// <see cref="IlgpuRasterizerTests"/> without the kernels: fast, and runnable where the kernels cannot be (mutation testing).
/// </summary>
public class KernelMathTests(ITestOutputHelper output)
{
    private static (RasterInputs, Camera, RasterSettings) Scene()
    {
        // The edge-case cloud: clamped Jacobians (Gaussians across the borders), culled ones, capped alphas and stopped
        // pixels, SH of degree 2. Half of those beyond the Jacobian's clamp go off the top or bottom instead of the sides (so
        // both clamps act); then turned with its camera (a general world-to-view rotation) and moved off the world origin
        // with it (a view translation with x and y parts).
        var (g, camera) = IlgpuRasterizerTests.EdgeCaseScene(48, 40, 400, seed: 8, precomputed: false);
        for (int i = 7; i < g.Count; i += 18) (g.Means[3 * i], g.Means[3 * i + 1]) = (g.Means[3 * i + 1], g.Means[3 * i]);
        (g, camera) = RasterTestScenes.Turned(g, camera, RasterTestScenes.Oblique);
        (g, camera) = RasterTestScenes.Shifted(g, camera, new System.Numerics.Vector3(0.4f, -0.3f, 0.2f));
        return (g, camera, new RasterSettings { Background = (0.3f, 0.6f, 0.9f) });
    }

    [Fact]
    public void Projection_helper_matches_the_reference_projection()
    {
        var (g, camera, settings) = Scene();
        var pp = new ProjectionParams(camera, settings);
        var cam = new ReferenceCamera(camera, settings);
        var rng = new Random(3);
        double worstForward = 0, worstBackward = 0;
        int visible = 0, clampedX = 0, clampedY = 0;
        for (int i = 0; i < g.Count; i++)
        {
            float[] m = [g.Means[3 * i], g.Means[3 * i + 1], g.Means[3 * i + 2]], s = [g.Scales[3 * i], g.Scales[3 * i + 1], g.Scales[3 * i + 2]];
            float[] q = [g.Rotations[4 * i], g.Rotations[4 * i + 1], g.Rotations[4 * i + 2], g.Rotations[4 * i + 3]];
            int radius = Projection.Forward(pp, m[0], m[1], m[2], s[0], s[1], s[2], q[0], q[1], q[2], q[3], out var splat, out var rect);
            var r = default(ReferenceSplat);
            bool seen = ReferenceProjection.Forward(cam, m[0], m[1], m[2], s[0], s[1], s[2], q[0], q[1], q[2], q[3], ref r);
            Assert.Equal(seen ? r.Radius : 0, radius);
            if (!seen) continue;
            visible++;
            Assert.Equal((r.MinX, r.MinY, r.MaxX, r.MaxY), (rect.MinX, rect.MinY, rect.MaxX, rect.MaxY));
            double conicScale = Math.Max(Math.Abs(r.A), Math.Abs(r.C));
            worstForward = Math.Max(worstForward, Math.Max(Math.Abs(splat.X - r.U), Math.Abs(splat.Y - r.V)) / Math.Max(1, Math.Abs(r.U) + Math.Abs(r.V)));
            worstForward = Math.Max(worstForward, Math.Abs(splat.Depth - r.Depth) / r.Depth);
            foreach (var (a, e) in new[] { (splat.ConicA, r.A), (splat.ConicB, r.B), (splat.ConicC, r.C) })
                worstForward = Math.Max(worstForward, Math.Abs(a - e) / conicScale);
            var (tx, ty, tz) = cam.ToView(m[0], m[1], m[2]);
            if (Math.Abs(tx / tz) > cam.LimX) clampedX++;
            if (Math.Abs(ty / tz) > cam.LimY) clampedY++;

            // Random upstream gradients of the screen quantities, scaled so each term of the backward pass carries weight.
            float gx = Next(rng), gy = Next(rng), gd = Next(rng), ga = Next(rng) / (float)conicScale, gb = Next(rng) / (float)conicScale, gc = Next(rng) / (float)conicScale;
            var sg = new SplatGrad { X = gx, Y = gy, Depth = gd, ConicA = ga, ConicB = gb, ConicC = gc };
            Projection.Backward(pp, m[0], m[1], m[2], s[0], s[1], s[2], q[0], q[1], q[2], q[3], sg,
                out float dmx, out float dmy, out float dmz, out float dsx, out float dsy, out float dsz,
                out float dqw, out float dqx, out float dqy, out float dqz);
            ReferenceProjection.Backward(cam, m[0], m[1], m[2], s[0], s[1], s[2], q[0], q[1], q[2], q[3],
                new ReferenceSplatGradient { U = gx, V = gy, Depth = gd, A = ga, B = gb, C = gc }, out var dm, out var ds, out var dq);
            worstBackward = Math.Max(worstBackward, Worst([dmx, dmy, dmz], [dm.X, dm.Y, dm.Z]));
            worstBackward = Math.Max(worstBackward, Worst([dsx, dsy, dsz], [ds.X, ds.Y, ds.Z]));
            worstBackward = Math.Max(worstBackward, Worst([dqw, dqx, dqy, dqz], [dq.W, dq.X, dq.Y, dq.Z]));
        }
        output.WriteLine($"{visible} visible, {clampedX} clamped in x, {clampedY} in y; forward {worstForward:E2}, backward {worstBackward:E2}");
        Assert.True(visible > 100 && clampedX > 5 && clampedY > 5,
            $"{visible} visible, {clampedX} and {clampedY} clamped in x and y: the scene must exercise both branches of both clamps");
        // Float helper against double reference: measured 4.8e-7 (forward, relative to each quantity's scale) and 7.1e-6
        // (backward, relative to each Gaussian's largest gradient component of that parameter).
        Assert.True(worstForward < 3e-6, $"forward differs by {worstForward:E2}");
        Assert.True(worstBackward < 4e-5, $"backward differs by {worstBackward:E2}");
    }

    [Fact]
    public void Compositing_helper_matches_the_reference_pixels()
    {
        var (g, camera, settings) = Scene();
        using var reference = new ReferenceRasterizer();
        var expected = reference.Forward(g, camera, settings);
        var (dC, dA, dD) = RasterTestScenes.Upstream(camera.Width, camera.Height, seed: 4, true, true, true);
        reference.Backward(dC, dA, dD);
        var refGrads = reference.SplatGradients.ToArray();

        // The kernels' pipeline on the host: Projection + SH colour per Gaussian, TileBinning, Compositing per pixel.
        int n = g.Count, w = camera.Width, h = camera.Height;
        var pp = new ProjectionParams(camera, settings);
        var bp = new BlendParams(camera, settings);
        var splats = new Splat[n];
        var rects = new TileRect[n];
        var depths = new float[n];
        for (int i = 0; i < n; i++)
        {
            if (Projection.Forward(pp, g.Means[3 * i], g.Means[3 * i + 1], g.Means[3 * i + 2], g.Scales[3 * i], g.Scales[3 * i + 1], g.Scales[3 * i + 2],
                    g.Rotations[4 * i], g.Rotations[4 * i + 1], g.Rotations[4 * i + 2], g.Rotations[4 * i + 3], out splats[i], out rects[i]) == 0)
            {
                rects[i] = default;
                continue;
            }
            (splats[i].R, splats[i].G, splats[i].B) = SphericalHarmonics.Evaluate(g.Sh.AsSpan(27 * i, 27), 2,
                g.Means[3 * i] - pp.CamX, g.Means[3 * i + 1] - pp.CamY, g.Means[3 * i + 2] - pp.CamZ);
            splats[i].Opacity = g.Opacities[i];
            splats[i].PowerFloor = Projection.PowerFloor(splats[i].Opacity, pp.MinAlpha);
            depths[i] = splats[i].Depth;
        }
        var binning = new TileBinning();
        binning.Build(n, depths, rects, pp.TilesX, pp.TilesY);
        var grads = new SplatGrad[n];
        double worstImage = 0;
        long evaluations = 0;
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        {
            int tile = y / 16 * pp.TilesX + x / 16, p = y * w + x;
            var acc = PixelAccumulator.Start;
            for (int j = binning.TileStart[tile]; j < binning.TileStart[tile + 1] && !acc.Done; j++)
                Compositing.Blend(ref acc, splats[binning.Pairs[j]], x, y, bp);
            evaluations += acc.Evaluated;
            worstImage = Math.Max(worstImage, Math.Abs(acc.R + acc.T * bp.BgR - expected.Color[p]));
            worstImage = Math.Max(worstImage, Math.Abs(acc.B + acc.T * bp.BgB - expected.Color[2 * w * h + p]));
            worstImage = Math.Max(worstImage, Math.Abs(1 - acc.T - expected.Alpha[p]));
            worstImage = Math.Max(worstImage, Math.Abs(acc.Depth - expected.Depth[p]) / 3);
            var st = Compositing.StartBackward(acc.T, dC[p], dC[w * h + p], dC[2 * w * h + p], dD[p], dA[p], bp);
            int start = binning.TileStart[tile];
            for (int j = start + acc.LastContributor - 1; j >= start; j--)
                Compositing.BackwardStep(ref st, splats[binning.Pairs[j]], x, y, bp, ref grads[binning.Pairs[j]]);
        }
        Assert.Equal(reference.LastForwardEvaluations, evaluations);

        double worstGrad = 0;
        Func<SplatGrad, ReferenceSplatGradient, (double, double)>[] fields =
        [
            (a, e) => (a.X, e.U), (a, e) => (a.Y, e.V), (a, e) => (a.ConicA, e.A), (a, e) => (a.ConicB, e.B), (a, e) => (a.ConicC, e.C),
            (a, e) => (a.Opacity, e.Opacity), (a, e) => (a.R, e.R), (a, e) => (a.G, e.G), (a, e) => (a.B, e.Bl), (a, e) => (a.Depth, e.Depth),
        ];
        foreach (var field in fields)
        {
            double max = 0;
            for (int i = 0; i < n; i++) max = Math.Max(max, Math.Abs(field(grads[i], refGrads[i]).Item2));
            Assert.True(max > 0, "every screen-space gradient must be exercised");
            for (int i = 0; i < n; i++)
            {
                var (a, e) = field(grads[i], refGrads[i]);
                worstGrad = Math.Max(worstGrad, Math.Abs(a - e) / max);
            }
        }
        output.WriteLine($"image {worstImage:E2}, screen-space gradients {worstGrad:E2} of each quantity's largest");
        // Measured: image 4.5e-7, gradients 7.5e-6 (float helpers, transmittance recovered by division, against double).
        Assert.True(worstImage < 3e-6, $"images differ by {worstImage:E2}");
        Assert.True(worstGrad < 5e-5, $"screen-space gradients differ by {worstGrad:E2}");
    }

    [Fact]
    public void A_non_finite_gaussian_is_culled_by_both()
    {
        var (_, camera, settings) = Scene();
        var pp = new ProjectionParams(camera, settings);
        var cam = new ReferenceCamera(camera, settings);
        var splat = default(ReferenceSplat);
        Assert.Equal(0, Projection.Forward(pp, 0f, 0f, 0f, float.NaN, 0.1f, 0.1f, 1f, 0f, 0f, 0f, out _, out _));
        Assert.False(ReferenceProjection.Forward(cam, 0, 0, 0, double.NaN, 0.1, 0.1, 1, 0, 0, 0, ref splat));
        Assert.Equal(0, splat.Radius);
        // The same Gaussian with a finite scale is seen by both, with the same radius.
        int radius = Projection.Forward(pp, 0f, 0f, 0f, 0.1f, 0.1f, 0.1f, 1f, 0f, 0f, 0f, out _, out _);
        Assert.True(ReferenceProjection.Forward(cam, 0, 0, 0, 0.1, 0.1, 0.1, 1, 0, 0, 0, ref splat));
        Assert.True(radius > 0);
        Assert.Equal(radius, splat.Radius);
    }

    private static float Next(Random rng) => 2f * rng.NextSingle() - 1f;

    /// <summary>Largest |actual − expected| over the components, relative to the largest |expected| (at least 1e-6).</summary>
    private static double Worst(float[] actual, double[] expected)
    {
        double max = 1e-6, worst = 0;
        for (int k = 0; k < expected.Length; k++) max = Math.Max(max, Math.Abs(expected[k]));
        for (int k = 0; k < expected.Length; k++) worst = Math.Max(worst, Math.Abs(actual[k] - expected[k]) / max);
        return worst;
    }
}
