using TalkingGaussian.Compute;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Rendering;

/// <summary>A tile-per-thread rasterizer on the test process's shared CPU device (kernels compile once per class).</summary>
public sealed class CpuRasterizerFixture
{
    public ComputeDevice Device => TestDevices.Cpu;

    public IlgpuRasterizer Rasterizer { get; }

    public CpuRasterizerFixture() => Rasterizer = new IlgpuRasterizer(Device);
}

/// <summary>The kernel rasterizer against the scalar reference: forward images and radii, then gradients.</summary>
[Collection(ExclusiveCollection.Name)]
public class IlgpuRasterizerTests(CpuRasterizerFixture fixture) : IClassFixture<CpuRasterizerFixture>
{
    /// <summary>
    /// A random cloud plus the edge cases: Gaussians at and behind the near plane, across the image borders, huge, tiny,
    /// fully transparent and opaque enough to hit the 0.99 cap and the transmittance stop.
    /// </summary>
    internal static (RasterInputs, Camera) EdgeCaseScene(int width, int height, int count, int seed, bool precomputed, int shDegree = 2)
    {
        var g = SyntheticScenes.RandomCloud(count, seed, shDegree, precomputed, extent: 1f, minScale: 0.01f, maxScale: 0.15f,
            minOpacity: 0.05f, maxOpacity: 1f);
        var camera = SyntheticScenes.FrontCamera(width, height, distance: 3f);
        var rng = new Random(seed + 1);
        for (int i = 0; i < count; i++)
        {
            switch (i % 9)
            {
                case 0: g.Means[3 * i + 2] = 3f - 0.2f * rng.NextSingle(); break;          // view z in (0, 0.2]: near-culled
                case 1: g.Means[3 * i + 2] = 3.5f; break;                                     // behind the camera
                case 2: g.Means[3 * i] = (rng.Next(2) * 2 - 1) * (1.2f + rng.NextSingle()); break; // across / beyond a border
                case 3: for (int a = 0; a < 3; a++) g.Scales[3 * i + a] = 2f + rng.NextSingle(); break; // huge
                case 4: for (int a = 0; a < 3; a++) g.Scales[3 * i + a] = 1e-5f; break;       // tiny: the low-pass term dominates
                case 5: g.Opacities[i] = 0f; break;                                          // fully transparent
                case 6: g.Opacities[i] = 1f; break;                                          // alpha-saturated (capped at 0.99)
            }
        }
        return (g, camera);
    }

    public static TheoryData<int, int, int, int, bool> Scenes => new()
    {
        { 16, 16, 12, 1, false },
        { 40, 24, 50, 2, false },
        { 64, 48, 300, 3, true },
        { 96, 80, 2000, 4, false },
        { 33, 70, 700, 5, true },
    };

    [Theory]
    [MemberData(nameof(Scenes))]
    public void ForwardMatchesReference(int width, int height, int count, int seed, bool precomputed)
    {
        var (g, camera) = EdgeCaseScene(width, height, count, seed, precomputed);
        var settings = new RasterSettings { Background = (0.1f, 0.2f, 0.3f) };
        using var reference = new ReferenceRasterizer();
        var expected = reference.Forward(g, camera, settings);
        var actual = fixture.Rasterizer.Forward(g, camera, settings);

        Assert.Equal(expected.Radii, actual.Radii); // integer radii and culling decisions: exact
        Assert.Equal(reference.LastForwardEvaluations, fixture.Rasterizer.LastForwardEvaluations);
        Assert.True(reference.LastForwardEvaluations > 0 || count == 0);
        // Same helpers in the same order, .NET float maths on the CPU accelerator: differences are at most last-bit rounding.
        AssertImagesClose(expected.Color, actual.Color, 1e-5f, "color");
        AssertImagesClose(expected.Alpha, actual.Alpha, 1e-5f, "alpha");
        AssertImagesClose(expected.Depth, actual.Depth, 1e-4f, "depth"); // depth ~3: same relative bound
    }

    [Fact]
    public void SaturatedPixelsStopAndCulledGaussiansHaveZeroRadius()
    {
        // The edge-case scene must really exercise the branches the forward test claims to cover.
        var (g, camera) = EdgeCaseScene(64, 64, 400, 7, false);
        var o = fixture.Rasterizer.Forward(g, camera, new RasterSettings());
        for (int i = 0; i < g.Count; i += 9) Assert.Equal(0, o.Radii[i]);     // near plane
        for (int i = 1; i < g.Count; i += 9) Assert.Equal(0, o.Radii[i]);     // behind
        Assert.Contains(o.Radii, r => r > 64);                                  // a huge one
        Assert.Contains(o.Alpha, a => a > 0.9999f - 1e-3f && a < 1f);          // stopped by the 1e-4 transmittance rule
    }

    [Fact]
    public void EmptySceneRendersBackground()
    {
        var g = SyntheticScenes.RandomCloud(0, 1);
        var camera = SyntheticScenes.FrontCamera(20, 20);
        var o = fixture.Rasterizer.Forward(g, camera, new RasterSettings { Background = (0.25f, 0.5f, 1f) });
        Assert.All(o.Color.AsSpan(0, 400).ToArray(), v => Assert.Equal(0.25f, v));
        Assert.All(o.Color.AsSpan(800, 400).ToArray(), v => Assert.Equal(1f, v));
        Assert.All(o.Alpha, v => Assert.Equal(0f, v));
        var grads = fixture.Rasterizer.Backward(new float[1200]);
        Assert.Empty(grads.Means);
    }

    public static TheoryData<int, int, int, int, bool, int> GradientScenes => new()
    {
        { 40, 24, 50, 2, false, 2 },
        { 64, 48, 300, 3, true, 2 },
        { 70, 50, 500, 6, false, 3 },
    };

    [Theory]
    [MemberData(nameof(GradientScenes))]
    public void GradientsMatchReference(int width, int height, int count, int seed, bool precomputed, int shDegree)
    {
        var (g, camera) = EdgeCaseScene(width, height, count, seed, precomputed, shDegree);
        if (shDegree == 3) g.ActiveShDegree = 1; // bands above the active degree must get zero gradient
        var settings = new RasterSettings { Background = (0.3f, 0.6f, 0.9f) };
        var (dC, dA, dD) = RasterTestScenes.Upstream(width, height, seed, true, true, true);
        using var reference = new ReferenceRasterizer();
        reference.Forward(g, camera, settings);
        var e = reference.Backward(dC, dA, dD);
        fixture.Rasterizer.Forward(g, camera, settings);
        var a = fixture.Rasterizer.Backward(dC, dA, dD);

        // The kernel sums per tile and then across tiles in a different (atomic) order than the reference's pixel order:
        // float reassociation only, so 1e-3 relative plus 1e-4 of each quantity's largest magnitude (cancellation in sums).
        AssertGradClose("means", e.Means, a.Means);
        AssertGradClose("means2D", e.Means2D, a.Means2D);
        AssertGradClose("scales", e.Scales, a.Scales);
        AssertGradClose("rotations", e.Rotations, a.Rotations);
        AssertGradClose("opacities", e.Opacities, a.Opacities);
        AssertGradClose("sh", e.Sh, a.Sh);
        AssertGradClose("colors", e.Colors, a.Colors);
        Assert.Equal(precomputed, a.Sh.Length == 0);
        if (shDegree == 3)
            for (int i = 0; i < g.Count; i++)
                for (int j = 4 * 3; j < 16 * 3; j++) Assert.Equal(0f, a.Sh[48 * i + j]);
    }

    [Fact]
    public void BackwardRejectsWrongSizesAndMissingForward()
    {
        var r = new IlgpuRasterizer(fixture.Device); // not disposed: see CpuRasterizerFixture
        Assert.Throws<InvalidOperationException>(() => r.Backward(new float[12]));
        var (g, camera) = EdgeCaseScene(16, 16, 10, 1, false);
        r.Forward(g, camera, new RasterSettings());
        var e = Assert.Throws<ArgumentException>(() => r.Backward(new float[10]));
        Assert.Contains("768", e.Message);
        Assert.Throws<ArgumentException>(() => r.Backward(new float[768], new float[5]));
        g.Means = new float[3];
        Assert.Throws<ArgumentException>(() => r.Forward(g, camera, new RasterSettings()));
        Assert.Throws<ArgumentException>(() => r.Forward(EdgeCaseScene(16, 16, 10, 1, false).Item1, camera, new RasterSettings { AlphaCap = 1f }));
    }

    internal static void AssertImagesClose(float[] expected, float[] actual, float tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol, $"{what}[{i}]: reference {expected[i]} vs kernel {actual[i]}");
    }

    internal static void AssertGradClose(string what, float[] expected, float[] actual, float rtol = 1e-3f, float atol = 1e-4f)
    {
        Assert.Equal(expected.Length, actual.Length);
        float max = 0f;
        foreach (var v in expected) max = MathF.Max(max, MathF.Abs(v));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= atol * max + rtol * Math.Abs(expected[i]),
                $"{what}[{i}]: reference {expected[i]} vs kernel {actual[i]} (max |reference| {max})");
    }
}
