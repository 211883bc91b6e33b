using TalkingGaussian.Gaussians;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Gaussians;

public class GaussianFieldGradientsTests
{
    // L(θ) = Σ w·x + ½ Σ x² over every activated quantity x (weights w fixed, seeded), so ∂L/∂x = w + x.
    private static double Loss(PersistentGaussianField field, float[][] weights)
    {
        var r = field.Activate();
        float[][] xs = [r.Means, r.Scales, r.Rotations, r.Opacities, r.Sh!];
        double loss = 0;
        for (int q = 0; q < xs.Length; q++)
            for (int j = 0; j < weights[q].Length; j++) loss += weights[q][j] * xs[q][j] + 0.5 * xs[q][j] * xs[q][j];
        return loss;
    }

    private static RasterGradients ActivatedGradients(PersistentGaussianField field, float[][] weights)
    {
        var r = field.Activate();
        float[][] xs = [r.Means, r.Scales, r.Rotations, r.Opacities, r.Sh!];
        var g = new float[5][];
        for (int q = 0; q < 5; q++)
        {
            g[q] = new float[weights[q].Length];
            for (int j = 0; j < g[q].Length; j++) g[q][j] = weights[q][j] + xs[q][j];
        }
        return new RasterGradients { Means = g[0], Scales = g[1], Rotations = g[2], Opacities = g[3], Sh = g[4] };
    }

    private static float[][] Weights(PersistentGaussianField f, int seed)
    {
        var rng = new Random(seed);
        int n = f.Count;
        float[][] w = [new float[3 * n], new float[3 * n], new float[4 * n], new float[n], new float[3 * f.ShCoefficients * n]];
        foreach (var a in w)
            for (int j = 0; j < a.Length; j++) a[j] = 2f * rng.NextSingle() - 1f;
        return w;
    }

    [Theory]
    [InlineData(ScaleActivation.Softplus)]
    [InlineData(ScaleActivation.Exp)]
    public void AccumulateMatchesCentralDifferencesThroughActivate(ScaleActivation kind)
    {
        var field = GaussianTestFields.Random(6, 1, kind);
        for (int j = 0; j < field.ScalesRaw.Length; j++) field.ScalesRaw[j] = 0.4f * field.ScalesRaw[j] / 7f; // keep exp scales O(1)
        var weights = Weights(field, 3);
        var grads = new GaussianFieldGradients();
        grads.EnsureSize(field);
        grads.Accumulate(field, ActivatedGradients(field, weights));

        float[][] raws = [field.Means, field.ScalesRaw, field.RotationsRaw, field.OpacitiesRaw, field.Sh];
        float[][] analytic = [grads.Means, grads.ScalesRaw, grads.RotationsRaw, grads.OpacitiesRaw, grads.Sh];
        string[] names = ["Means", "ScalesRaw", "RotationsRaw", "OpacitiesRaw", "Sh"];
        const float h = 1e-2f;
        // h = 1e-2: the O(h²) truncation of the curved activations dominates; float rounding over 2h adds ~1e-6. Absolute
        // tolerance per quantity, 3–5× the worst error measured (softplus / exp run): means 1.2e-6, raw scales 7.1e-6 /
        // 6.7e-5, raw quaternions 8.6e-5, raw opacities 5.6e-6, SH 9.7e-7 (means and SH are linear: round-off only).
        double[] tolerance = [5e-6, kind == ScaleActivation.Exp ? 3e-4 : 3e-5, 4e-4, 3e-5, 5e-6];
        for (int q = 0; q < raws.Length; q++)
            for (int j = 0; j < raws[q].Length; j++)
            {
                double fd = FiniteDifferences.Central(raws[q], j, h, () => Loss(field, weights));
                Assert.True(Math.Abs(fd - analytic[q][j]) <= tolerance[q],
                    $"{names[q]}[{j}]: finite difference {fd}, analytic {analytic[q][j]}");
            }
    }

    [Fact]
    public void AccumulateAddsAndClearResets()
    {
        var field = GaussianTestFields.Random(3, 0, ScaleActivation.Softplus);
        var weights = Weights(field, 5);
        var activated = ActivatedGradients(field, weights);
        var grads = new GaussianFieldGradients();
        grads.EnsureSize(field);
        grads.Accumulate(field, activated);
        float once = grads.OpacitiesRaw[1];
        grads.Accumulate(field, activated);
        Assert.Equal(2 * once, grads.OpacitiesRaw[1], 1e-6f);
        grads.Clear();
        Assert.All(grads.ScalesRaw.Take(9), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void BuffersOnlyGrowAndColourOnlyGradientsSkipSh()
    {
        var big = GaussianTestFields.Random(10, 2, ScaleActivation.Softplus);
        var small = GaussianTestFields.Random(4, 2, ScaleActivation.Softplus);
        var grads = new GaussianFieldGradients();
        Assert.True(grads.EnsureSize(big));
        var means = grads.Means;
        Assert.False(grads.EnsureSize(small));
        Assert.Same(means, grads.Means);
        Assert.Equal(4, grads.Count);

        var colourOnly = ActivatedGradients(small, Weights(small, 9));
        colourOnly.Sh = [];
        grads.Accumulate(small, colourOnly);
        Assert.All(grads.Sh.Take(3 * 9 * 4), v => Assert.Equal(0f, v));
        Assert.NotEqual(0f, grads.Means[0]);

        Assert.Throws<InvalidOperationException>(() => grads.Accumulate(big, colourOnly));
    }
}
