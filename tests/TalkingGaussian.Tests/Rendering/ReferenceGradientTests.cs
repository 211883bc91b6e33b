using TalkingGaussian.Rendering;
using Xunit.Abstractions;

namespace TalkingGaussian.Tests.Rendering;

/// <summary>
/// The reference rasterizer's backward pass against central finite differences of its own forward pass, on scenes where
/// every term of the backward pass matters: an oblique camera, a non-black background, SH of degree 2 (view-dependent
/// colour) or precomputed colours, and colour, alpha and depth losses.
/// </summary>
public class ReferenceGradientTests(ITestOutputHelper output)
{
    public static TheoryData<bool, bool, bool, bool, bool> Cases => new()
    {
        // precomputed colours, colour loss, alpha loss, depth loss, one SH channel clamped at 0
        { false, true, false, false, false },
        { false, false, true, false, false },
        { false, false, false, true, false },
        { true, true, true, true, false },
        { false, true, true, true, false },
        { false, true, false, false, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientsMatchCentralDifferences(bool precomputed, bool color, bool alpha, bool depth, bool clamped)
    {
        var (g, camera, settings) = RasterTestScenes.Smooth(seed: 11, precomputed);
        if (clamped)
        {
            g.Sh![0] = -5f; // Gaussian 0's red far below 0: clamped, flat, so both gradients must vanish for that channel
            g.Sh[3 * 9 + 1] = -4f; // and Gaussian 1's green
            g.Sh[2 * 3 * 9 + 2] = -4f; // and Gaussian 2's blue
        }
        var (dC, dA, dD) = RasterTestScenes.Upstream(camera.Width, camera.Height, seed: 5, color, alpha, depth);
        using var r = new ReferenceRasterizer();
        r.Forward(g, camera, settings);
        var grads = r.Backward(dC, alpha ? dA : default, depth ? dD : default);

        double Loss(RasterInputs x) => RasterTestScenes.Loss(r.Forward(x, camera, settings), dC, dA, dD);
        double[] Numeric(Func<RasterInputs, float[]> field, float h)
        {
            var x = RasterTestScenes.Clone(g);
            var a = field(x);
            var result = new double[a.Length];
            for (int i = 0; i < a.Length; i++) result[i] = FiniteDifferences.Central(a, i, h, () => Loss(x));
            return result;
        }
        static double[] D(float[] a) => a.Select(v => (double)v).ToArray();
        void Check(string what, Func<RasterInputs, float[]> field, float h, float[] analytic) =>
            RasterTestScenes.AssertClose(what, Numeric(field, h), D(analytic), Tolerance[what], Tolerance[what], output.WriteLine);

        Check("means", x => x.Means, 2e-3f, grads.Means);
        Check("scales", x => x.Scales, 2e-3f, grads.Scales);
        Check("rotations", x => x.Rotations, 2e-3f, grads.Rotations);
        Check("opacities", x => x.Opacities, 2e-3f, grads.Opacities);
        if (precomputed)
        {
            Assert.Empty(grads.Sh);
            if (color) Check("colors", x => x.Colors!, 1e-2f, grads.Colors);
            else Assert.All(grads.Colors, v => Assert.Equal(0f, v));
        }
        else
        {
            Assert.Empty(grads.Colors);
            if (color) Check("sh", x => x.Sh!, 1e-2f, grads.Sh);
            else Assert.All(grads.Sh, v => Assert.Equal(0f, v));
            if (clamped)
                for (int k = 0; k < 9; k++)
                {
                    Assert.Equal(0f, grads.Sh[3 * k]);
                    Assert.Equal(0f, grads.Sh[27 + 3 * k + 1]);
                    Assert.Equal(0f, grads.Sh[54 + 3 * k + 2]);
                }
        }
    }

    [Fact]
    public void ScreenSpaceMeanGradientIsNdcScaledPixelGradient()
    {
        // Move each Gaussian's pixel-space mean directly (after projection) and compare with Means2D / (W/2, H/2).
        var (g, camera, settings) = RasterTestScenes.Smooth(seed: 3, precomputed: false);
        var (dC, dA, dD) = RasterTestScenes.Upstream(camera.Width, camera.Height, seed: 9, true, true, true);
        using var r = new ReferenceRasterizer();
        r.Forward(g, camera, settings);
        var means2D = (float[])r.Backward(dC, dA, dD).Means2D.Clone();
        const double h = 1e-2; // pixels
        var numeric = new double[2 * g.Count];
        var analytic = new double[2 * g.Count];
        for (int i = 0; i < g.Count; i++)
        for (int axis = 0; axis < 2; axis++)
        {
            double L(double delta)
            {
                r.ScreenNudge = axis == 0 ? (i, delta, 0) : (i, 0, delta);
                return RasterTestScenes.Loss(r.Forward(g, camera, settings), dC, dA, dD);
            }
            numeric[2 * i + axis] = (L(h) - L(-h)) / (2 * h);
            analytic[2 * i + axis] = means2D[2 * i + axis] / (0.5 * (axis == 0 ? camera.Width : camera.Height));
        }
        r.ScreenNudge = null;
        RasterTestScenes.AssertClose("means2D (pixels)", numeric, analytic, Tolerance["means2D"], Tolerance["means2D"], output.WriteLine);
    }

    /// <summary>
    /// Per quantity, the bound on both the relative L2 error and the worst element's error (relative to the largest value).
    /// Measured over the six cases (relative L2 / worst element, largest of the cases): the central differences' O(h²)
    /// truncation dominates; float32 rounding of the outputs adds ~1e-6. A dropped chain-rule term or a transposed
    /// matrix moves these errors to 1e-3 and above (tests/mutation/semantic.sh).
    /// </summary>
    private static readonly Dictionary<string, double> Tolerance = new()
    {
        ["means"] = 3e-4,     // measured 6.5e-5 / 5.5e-5
        ["scales"] = 5e-4,    // measured 1.1e-4 / 1.3e-4
        ["rotations"] = 5e-4, // measured 1.4e-4 / 1.3e-4
        ["opacities"] = 5e-4, // measured 8.9e-5 / 1.2e-4
        ["sh"] = 3e-4,        // measured 5.5e-5 / 5.4e-5
        ["colors"] = 1e-4,    // measured 1.0e-5 / 1.3e-5
        ["means2D"] = 2e-4,   // measured 4.2e-5 / 2.9e-5
    };
}
