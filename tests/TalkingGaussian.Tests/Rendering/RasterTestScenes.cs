using TalkingGaussian.Gaussians;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Rendering;

/// <summary>Scenes, settings and a linear loss shared by the rasterizer tests.</summary>
internal static class RasterTestScenes
{
    /// <summary>
    /// A few large, semi-transparent Gaussians well inside a small view: every quantity is smooth there. Settings move the
    /// cut-offs out of the way (6σ radius, tiny skip threshold), opacities stay far below the 0.99 cap and T far above 1e-4,
    /// and SH colours stay well above the 0 clamp, so central differences see the same branch as the analytic gradient.
    /// </summary>
    public static (RasterInputs Inputs, Camera Camera, RasterSettings Settings) Smooth(int seed, bool precomputed, int count = 6, int size = 32)
    {
        var rng = new Random(seed);
        var g = SyntheticScenes.RandomCloud(count, seed, shDegree: 2, precomputedColors: precomputed,
            extent: 0.5f, minScale: 0.12f, maxScale: 0.3f, minOpacity: 0.2f, maxOpacity: 0.6f);
        if (!precomputed)
            for (int j = 0; j < g.Sh!.Length; j++)
                if (j % 27 >= 3) g.Sh[j] = 0.1f * (2f * rng.NextSingle() - 1f); // keep colours away from the clamp
        var camera = SyntheticScenes.FrontCamera(size, size, distance: 3f);
        var settings = new RasterSettings { RadiusSigmas = 6f, MinAlpha = 1e-9f, Background = (0.2f, 0.5f, 0.8f) };
        return (g, camera, settings);
    }

    /// <summary>Random upstream gradients (the weights of a linear loss) for colour, alpha and depth.</summary>
    public static (float[] C, float[] A, float[] D) Upstream(int w, int h, int seed, bool color, bool alpha, bool depth)
    {
        var rng = new Random(seed);
        float[] Make(int n, bool on) => on ? Enumerable.Range(0, n).Select(_ => 2f * rng.NextSingle() - 1f).ToArray() : new float[n];
        return (Make(3 * w * h, color), Make(w * h, alpha), Make(w * h, depth));
    }

    /// <summary>L = Σ dC·C + Σ dA·A + Σ dD·D, summed in double.</summary>
    public static double Loss(RasterOutput o, float[] dC, float[] dA, float[] dD)
    {
        double s = 0;
        for (int i = 0; i < dC.Length; i++) s += (double)dC[i] * o.Color[i];
        for (int i = 0; i < dA.Length; i++) s += (double)dA[i] * o.Alpha[i] + (double)dD[i] * o.Depth[i];
        return s;
    }

    /// <summary>Deep copy of raster inputs.</summary>
    public static RasterInputs Clone(RasterInputs g) => new()
    {
        Count = g.Count,
        Means = (float[])g.Means.Clone(),
        Scales = (float[])g.Scales.Clone(),
        Rotations = (float[])g.Rotations.Clone(),
        Opacities = (float[])g.Opacities.Clone(),
        Sh = (float[]?)g.Sh?.Clone(),
        Colors = (float[]?)g.Colors?.Clone(),
        ShDegree = g.ShDegree,
        ActiveShDegree = g.ActiveShDegree,
    };

    /// <summary>
    /// Asserts that <paramref name="analytic"/> matches <paramref name="numeric"/>: relative L2 error below <paramref name="relL2"/>
    /// and every element within <paramref name="elementTol"/> × the largest magnitude (gsplat-style per-quantity tolerance).
    /// </summary>
    public static void AssertClose(string what, double[] numeric, double[] analytic, double relL2, double elementTol)
    {
        double num = 0, den = 0, max = 1e-12;
        for (int i = 0; i < numeric.Length; i++)
        {
            num += (numeric[i] - analytic[i]) * (numeric[i] - analytic[i]);
            den += numeric[i] * numeric[i];
            max = Math.Max(max, Math.Max(Math.Abs(numeric[i]), Math.Abs(analytic[i])));
        }
        Assert.True(den > 0, $"{what}: the numeric gradient is identically zero, so the check would prove nothing.");
        double rel = Math.Sqrt(num / den);
        Assert.True(rel < relL2, $"{what}: relative L2 error {rel:E3} ≥ {relL2:E1}.");
        for (int i = 0; i < numeric.Length; i++)
            Assert.True(Math.Abs(numeric[i] - analytic[i]) <= elementTol * max,
                $"{what}[{i}]: numeric {numeric[i]:G6} vs analytic {analytic[i]:G6} (tolerance {elementTol * max:G3}).");
    }
}
