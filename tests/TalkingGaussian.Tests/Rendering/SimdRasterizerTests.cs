using TalkingGaussian.Compute;
using TalkingGaussian.Rendering;
using TalkingGaussian.Rendering.Cpu;

namespace TalkingGaussian.Tests.Rendering;

/// <summary>
/// The SIMD CPU rasterizer against the scalar reference, on the scenes and with the tolerances of <see cref="IlgpuRasterizerTests"/>:
/// forward images, radii and evaluation counts, then every gradient. No ILGPU kernel runs here.
/// </summary>
public class SimdRasterizerTests
{
    [Theory]
    [MemberData(nameof(IlgpuRasterizerTests.Scenes), MemberType = typeof(IlgpuRasterizerTests))]
    public void ForwardMatchesReference(int width, int height, int count, int seed, bool precomputed, bool turned)
    {
        var (g, camera) = IlgpuRasterizerTests.Scene(width, height, count, seed, precomputed, turned);
        var settings = new RasterSettings { Background = (0.1f, 0.2f, 0.3f) };
        using var reference = new ReferenceRasterizer();
        var expected = reference.Forward(g, camera, settings);
        using var simd = new SimdRasterizer(ParallelWorkers.Get(2));
        var actual = simd.Forward(g, camera, settings);

        Assert.Equal(expected.Radii, actual.Radii); // the kernels' projection code: exact
        // Same skip and stop decisions per pixel; e^power from the vector exponential moves α̃ by about an ulp, which changes
        // a decision only within an ulp of a threshold (none in these scenes), so the counts agree exactly.
        Assert.Equal(reference.LastForwardEvaluations, simd.LastForwardEvaluations);
        Assert.True(reference.LastForwardEvaluations > 0 || count == 0);
        // Measured on these scenes: at most 1.8e-7 (colour), 1.2e-7 (alpha), 7.2e-7 (depth ~3); ~10× that, tighter than the kernels' 1e-5/1e-4.
        IlgpuRasterizerTests.AssertImagesClose(expected.Color, actual.Color, 2e-6f, "color");
        IlgpuRasterizerTests.AssertImagesClose(expected.Alpha, actual.Alpha, 2e-6f, "alpha");
        IlgpuRasterizerTests.AssertImagesClose(expected.Depth, actual.Depth, 1e-5f, "depth");
    }

    [Fact]
    public void SaturatedPixelsStopAndEmptyScenesRenderTheBackground()
    {
        using var simd = new SimdRasterizer(ParallelWorkers.Get(2));
        var (g, camera) = IlgpuRasterizerTests.EdgeCaseScene(64, 64, 400, 7, false);
        var o = simd.Forward(g, camera, new RasterSettings());
        Assert.Contains(o.Alpha, a => a > 0.9999f - 1e-3f && a < 1f); // stopped by the 1e-4 transmittance rule
        for (int i = 0; i < g.Count; i += 9) Assert.Equal(0, o.Radii[i]); // near plane

        var empty = SyntheticScenes.RandomCloud(0, 1);
        o = simd.Forward(empty, SyntheticScenes.FrontCamera(20, 20), new RasterSettings { Background = (0.25f, 0.5f, 1f) });
        Assert.All(o.Color.AsSpan(0, 400).ToArray(), v => Assert.Equal(0.25f, v));
        Assert.All(o.Color.AsSpan(800, 400).ToArray(), v => Assert.Equal(1f, v));
        Assert.All(o.Alpha, v => Assert.Equal(0f, v));
        Assert.Empty(simd.Backward(new float[1200]).Means);
    }

    [Theory]
    [MemberData(nameof(IlgpuRasterizerTests.GradientScenes), MemberType = typeof(IlgpuRasterizerTests))]
    public void GradientsMatchReference(int width, int height, int count, int seed, bool precomputed, int shDegree, bool turned)
    {
        var (g, camera) = IlgpuRasterizerTests.Scene(width, height, count, seed, precomputed, turned, shDegree);
        if (shDegree == 3) g.ActiveShDegree = 1; // bands above the active degree must get zero gradient
        var settings = new RasterSettings { Background = (0.3f, 0.6f, 0.9f) };
        var (dC, dA, dD) = RasterTestScenes.Upstream(width, height, seed, true, true, true);
        using var reference = new ReferenceRasterizer();
        reference.Forward(g, camera, settings);
        var e = reference.Backward(dC, dA, dD);
        using var simd = new SimdRasterizer(ParallelWorkers.Get(3));
        simd.Forward(g, camera, settings);
        var a = simd.Backward(dC, dA, dD);

        // Per-pixel terms are summed per row, then per tile, then per Gaussian: float reassociation only, so the kernels'
        // 1e-3 relative plus 1e-4 of each quantity's largest magnitude.
        IlgpuRasterizerTests.AssertGradClose("means", e.Means, a.Means);
        IlgpuRasterizerTests.AssertGradClose("means2D", e.Means2D, a.Means2D);
        IlgpuRasterizerTests.AssertGradClose("scales", e.Scales, a.Scales);
        IlgpuRasterizerTests.AssertGradClose("rotations", e.Rotations, a.Rotations);
        IlgpuRasterizerTests.AssertGradClose("opacities", e.Opacities, a.Opacities);
        IlgpuRasterizerTests.AssertGradClose("sh", e.Sh, a.Sh);
        IlgpuRasterizerTests.AssertGradClose("colors", e.Colors, a.Colors);
        Assert.Equal(precomputed, a.Sh.Length == 0);
        Assert.Contains(a.Means, v => v != 0f);
        if (shDegree == 3)
            for (int i = 0; i < g.Count; i++)
                for (int j = 4 * 3; j < 16 * 3; j++) Assert.Equal(0f, a.Sh[48 * i + j]);
    }

    [Fact]
    public void GradientsWithoutAlphaOrDepthAndResultsIndependentOfThreadCount()
    {
        var (g, camera) = IlgpuRasterizerTests.EdgeCaseScene(70, 50, 500, 6, false);
        var settings = new RasterSettings { Background = (0.3f, 0.6f, 0.9f) };
        var (dC, _, _) = RasterTestScenes.Upstream(70, 50, 6, true, false, false);
        using var reference = new ReferenceRasterizer();
        reference.Forward(g, camera, settings);
        var e = reference.Backward(dC);
        float[]? first = null;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            using var simd = new SimdRasterizer(ParallelWorkers.Get(threads));
            simd.Forward(g, camera, settings);
            var a = simd.Backward(dC);
            IlgpuRasterizerTests.AssertGradClose("means", e.Means, a.Means);
            IlgpuRasterizerTests.AssertGradClose("opacities", e.Opacities, a.Opacities);
            // each Gaussian's pairs are summed in pair order whatever thread composited which tile: bit-identical
            if (first is null) first = a.Means.ToArray();
            else Assert.Equal(first, a.Means);
        }
    }

    [Fact]
    public void OnlyTheNeededTilesAreRenderedAndTheGradientsAreThoseOfTheFullRender()
    {
        const int width = 70, height = 50;
        var (g, camera) = IlgpuRasterizerTests.Scene(width, height, 600, 11, precomputed: true, turned: false);
        var settings = new RasterSettings { Background = (0.3f, 0.6f, 0.9f) };
        var needed = new bool[width * height];
        for (int y = 20; y < 26; y++)
            for (int x = 30; x < 41; x++) needed[y * width + x] = true; // a box across tiles (16, 32, 48) × (16, 32)
        needed[49 * width + 69] = true;                                 // one pixel of the partial corner tile
        using var full = new SimdRasterizer(ParallelWorkers.Get(2));
        using var limited = new SimdRasterizer(ParallelWorkers.Get(2));
        var all = full.Forward(g, camera, settings);
        var part = limited.Forward(g, camera, settings with { NeededPixels = needed });

        int rendered = 0;
        for (int p = 0; p < width * height; p++)
        {
            int tx = p % width / 16, ty = p / width / 16;
            bool tileNeeded = (tx is 1 or 2 && ty is 1) || (tx == 4 && ty == 3);
            if (tileNeeded)
            {
                Assert.Equal(all.Color[p], part.Color[p]); // tiles composite independently: bit for bit
                Assert.Equal(all.Alpha[p], part.Alpha[p]);
                rendered++;
            }
            else
            {
                Assert.Equal(0.3f, part.Color[p]); // left empty: the background
                Assert.Equal(0f, part.Alpha[p]);
            }
        }
        Assert.Equal(2 * 16 * 16 + 6 * 2, rendered);
        Assert.Contains(part.Alpha, a => a > 0.1f); // the box is really rendered, not empty in both
        Assert.True(limited.LastForwardEvaluations < full.LastForwardEvaluations / 4);

        // Upstream gradients only on the needed pixels (what a loss reading only them gives): the full render's gradients,
        // whose skipped tiles have zero upstream, come out bit for bit.
        var (dC, dA, dD) = RasterTestScenes.Upstream(width, height, 11, true, true, true);
        for (int p = 0; p < width * height; p++)
            if (!needed[p]) dC[p] = dC[width * height + p] = dC[2 * width * height + p] = dA[p] = dD[p] = 0f;
        var expected = full.Backward(dC, dA, dD);
        var actual = limited.Backward(dC, dA, dD);
        Assert.Equal(expected.Means, actual.Means);
        Assert.Equal(expected.Means2D, actual.Means2D);
        Assert.Equal(expected.Colors, actual.Colors);
        Assert.Equal(expected.Opacities, actual.Opacities);
        Assert.Contains(actual.Colors, v => v != 0f);

        var e = Assert.Throws<ArgumentException>(() => limited.Forward(g, camera, settings with { NeededPixels = new bool[10] }));
        Assert.Contains("NeededPixels holds 10 flags", e.Message);
    }

    [Fact]
    public void TilesWithZeroUpstreamGradientsAreSkippedExactly()
    {
        // Against the scalar reference, which walks every pixel: a gradient zero on most of the image changes nothing.
        var (g, camera) = IlgpuRasterizerTests.EdgeCaseScene(64, 48, 500, 5, false);
        var settings = new RasterSettings { Background = (0.3f, 0.6f, 0.9f) };
        var (dC, _, _) = RasterTestScenes.Upstream(64, 48, 5, true, false, false);
        for (int p = 0; p < 64 * 48; p++)
            if (p % 64 >= 16 || p / 64 >= 16) dC[p] = dC[64 * 48 + p] = dC[2 * 64 * 48 + p] = 0f; // only the first tile
        using var reference = new ReferenceRasterizer();
        reference.Forward(g, camera, settings);
        var e = reference.Backward(dC);
        using var simd = new SimdRasterizer(ParallelWorkers.Get(2));
        simd.Forward(g, camera, settings);
        var a = simd.Backward(dC);
        IlgpuRasterizerTests.AssertGradClose("means", e.Means, a.Means);
        IlgpuRasterizerTests.AssertGradClose("sh", e.Sh, a.Sh);
        Assert.Contains(a.Means, v => v != 0f);
    }

    [Fact]
    public void BackwardRejectsWrongSizesAndMissingForward()
    {
        using var r = new SimdRasterizer(ParallelWorkers.Get(2));
        Assert.Throws<InvalidOperationException>(() => r.Backward(new float[12]));
        var (g, camera) = IlgpuRasterizerTests.EdgeCaseScene(16, 16, 10, 1, false);
        r.Forward(g, camera, new RasterSettings());
        var e = Assert.Throws<ArgumentException>(() => r.Backward(new float[10]));
        Assert.Contains("768", e.Message);
        Assert.Throws<ArgumentException>(() => r.Backward(new float[768], new float[5]));
        g.Means = new float[3];
        Assert.Throws<ArgumentException>(() => r.Forward(g, camera, new RasterSettings()));
    }
}
