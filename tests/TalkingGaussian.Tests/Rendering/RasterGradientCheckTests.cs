using TalkingGaussian.Rendering;
using Xunit.Abstractions;

namespace TalkingGaussian.Tests.Rendering;

/// <summary>
/// <see cref="RasterGradientCheck"/>, the finite-difference table the notebooks show: it passes the reference rasterizer on
/// an oblique view, and it flags a rasterizer whose gradients are wrong.
/// </summary>
public class RasterGradientCheckTests(ITestOutputHelper output)
{
    private static readonly int[] Checked = [0, 3, 7];

    private static RasterInputs Scene() => SyntheticScenes.RandomCloud(8, seed: 5, precomputedColors: true, extent: 0.5f,
        minScale: 0.12f, maxScale: 0.3f, minOpacity: 0.2f, maxOpacity: 0.6f);

    private static Camera View() => RasterTestScenes.ObliqueCamera(32, 32);

    /// <summary>
    /// A row passes when |analytic − numeric| ≤ 2e-3·|numeric| + 1e-4. Measured on the reference over the 24 rows: at most
    /// 1.9e-4 (sx[7], 7e-4 of its value: the O(h²) truncation of the 2e-3 step), every other row below 6.3e-5.
    /// </summary>
    private static bool Passes(GradientCheckRow r) => r.AbsoluteError <= 2e-3 * Math.Abs(r.Numeric) + 1e-4;

    [Fact]
    public void Reference_rasterizer_gradients_agree_with_finite_differences()
    {
        using var rasterizer = new ReferenceRasterizer();
        var rows = RasterGradientCheck.Run(rasterizer, Scene(), View(), Checked);
        Assert.Equal(24, rows.Count);
        foreach (var r in rows) output.WriteLine($"{r.Parameter}: analytic {r.Analytic:G6}, numeric {r.Numeric:G6}, error {r.AbsoluteError:E2}");
        Assert.True(rows.Count(r => Math.Abs(r.Numeric) > 0.1) >= 12, "most checked gradients must be large enough to mean something");
        Assert.All(rows, r => Assert.True(Passes(r), $"{r.Parameter}: analytic {r.Analytic:G6} vs numeric {r.Numeric:G6}"));
    }

    [Fact]
    public void A_wrong_gradient_is_caught()
    {
        // The reference with two plausible bugs: ∂L/∂μx and ∂L/∂μy swapped (an axis mix-up), ∂L/∂α 2% too large.
        using var wrong = new CorruptedRasterizer(new ReferenceRasterizer());
        var rows = RasterGradientCheck.Run(wrong, Scene(), View(), Checked);
        foreach (var r in rows)
        {
            bool corrupted = r.Parameter.StartsWith("μx") || r.Parameter.StartsWith("μy") || r.Parameter.StartsWith('α');
            Assert.True(corrupted != Passes(r), $"{r.Parameter}: analytic {r.Analytic:G6} vs numeric {r.Numeric:G6} ({(corrupted ? "wrong, passed" : "right, failed")})");
        }
    }

    /// <summary>Delegates to a rasterizer and corrupts its gradients.</summary>
    private sealed class CorruptedRasterizer(IGaussianRasterizer inner) : IGaussianRasterizer
    {
        public RasterOutput Forward(RasterInputs gaussians, Camera camera, RasterSettings settings) => inner.Forward(gaussians, camera, settings);

        public RasterGradients Backward(ReadOnlySpan<float> dColor, ReadOnlySpan<float> dAlpha = default, ReadOnlySpan<float> dDepth = default)
        {
            var g = inner.Backward(dColor, dAlpha, dDepth);
            for (int i = 0; i < g.Opacities.Length; i++)
            {
                (g.Means[3 * i], g.Means[3 * i + 1]) = (g.Means[3 * i + 1], g.Means[3 * i]);
                g.Opacities[i] *= 1.02f;
            }
            return g;
        }

        public void Dispose() => inner.Dispose();
    }
}
