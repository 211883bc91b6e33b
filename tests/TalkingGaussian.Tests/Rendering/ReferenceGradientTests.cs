using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Rendering;

/// <summary>The reference rasterizer's backward pass against central finite differences of its own forward pass.</summary>
public class ReferenceGradientTests
{
    // Tolerances: the forward pass is float, the loss a double sum of ~5k float terms (noise ≈ 1e-5 absolute), so a central
    // difference with step h carries ≈ 1e-5/(2h) noise plus O(h²) truncation. Steps are chosen per quantity so both stay
    // below ~1% of the gradient's scale: relative L2 error < 2%, every element within 3% of the largest magnitude.
    private const double RelL2 = 2e-2, ElementTol = 3e-2;

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
            for (int i = 0; i < a.Length; i++)
            {
                float v = a[i];
                a[i] = v + h;
                double lp = Loss(x);
                a[i] = v - h;
                double lm = Loss(x);
                a[i] = v;
                result[i] = (lp - lm) / ((double)(v + h) - (double)(v - h));
            }
            return result;
        }
        static double[] D(float[] a) => a.Select(v => (double)v).ToArray();

        RasterTestScenes.AssertClose("means", Numeric(x => x.Means, 2e-3f), D(grads.Means), RelL2, ElementTol);
        RasterTestScenes.AssertClose("scales", Numeric(x => x.Scales, 2e-3f), D(grads.Scales), RelL2, ElementTol);
        RasterTestScenes.AssertClose("rotations", Numeric(x => x.Rotations, 2e-3f), D(grads.Rotations), RelL2, ElementTol);
        RasterTestScenes.AssertClose("opacities", Numeric(x => x.Opacities, 2e-3f), D(grads.Opacities), RelL2, ElementTol);
        if (precomputed)
        {
            Assert.Empty(grads.Sh);
            if (color) RasterTestScenes.AssertClose("colors", Numeric(x => x.Colors!, 1e-2f), D(grads.Colors), RelL2, ElementTol);
            else Assert.All(grads.Colors, v => Assert.Equal(0f, v));
        }
        else
        {
            Assert.Empty(grads.Colors);
            if (color) RasterTestScenes.AssertClose("sh", Numeric(x => x.Sh!, 1e-2f), D(grads.Sh), RelL2, ElementTol);
            else Assert.All(grads.Sh, v => Assert.Equal(0f, v));
            if (clamped)
                for (int k = 0; k < 9; k++)
                {
                    Assert.Equal(0f, grads.Sh[3 * k]);
                    Assert.Equal(0f, grads.Sh[27 + 3 * k + 1]);
                }
        }
    }

    [Fact]
    public void ScreenSpaceMeanGradientIsNdcScaledPixelGradient()
    {
        // Perturb each splat's pixel-space mean directly (stage 3 only), and compare with Means2D / (W/2, H/2).
        var (g, camera, settings) = RasterTestScenes.Smooth(seed: 3, precomputed: false);
        var (dC, dA, dD) = RasterTestScenes.Upstream(camera.Width, camera.Height, seed: 9, true, true, true);
        using var r = new ReferenceRasterizer();
        r.Forward(g, camera, settings);
        var grads = r.Backward(dC, dA, dD);
        var means2D = (float[])grads.Means2D.Clone();
        const float h = 1e-2f; // pixels
        var numeric = new double[2 * g.Count];
        var analytic = new double[2 * g.Count];
        for (int i = 0; i < g.Count; i++)
        for (int axis = 0; axis < 2; axis++)
        {
            double L(float delta)
            {
                r.Forward(g, camera, settings);
                if (axis == 0) r.Splats[i].X += delta; else r.Splats[i].Y += delta;
                return RasterTestScenes.Loss(r.Composite(g.Count, camera, settings), dC, dA, dD);
            }
            numeric[2 * i + axis] = (L(h) - L(-h)) / (2 * h);
            analytic[2 * i + axis] = means2D[2 * i + axis] / (0.5 * (axis == 0 ? camera.Width : camera.Height));
        }
        RasterTestScenes.AssertClose("means2D (pixels)", numeric, analytic, RelL2, ElementTol);
    }
}
