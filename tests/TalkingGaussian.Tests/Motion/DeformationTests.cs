using TalkingGaussian.Gaussians;
using TalkingGaussian.Motion;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Motion;

public class DeformationTests
{
    internal static PersistentGaussianField Field(int n, Random rng, float extent = 0.1f)
    {
        var f = new PersistentGaussianField(n);
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < 3; k++)
            {
                f.Means[3 * i + k] = extent * (2f * rng.NextSingle() - 1f);
                f.ScalesRaw[3 * i + k] = Activations.SoftplusInverse(0.02f + 0.03f * rng.NextSingle());
            }
            for (int k = 0; k < 4; k++) f.RotationsRaw[4 * i + k] = 2f * rng.NextSingle() - 1f;
            f.OpacitiesRaw[i] = Activations.Logit(0.3f + 0.3f * rng.NextSingle());
            for (int k = 0; k < 3 * f.ShCoefficients; k++) f.Sh[i * 3 * f.ShCoefficients + k] = k < 3 ? rng.NextSingle() : 0.1f * (rng.NextSingle() - 0.5f);
        }
        return f;
    }

    [Fact]
    public void AppliesEquationFourAsReleased()
    {
        var rng = new Random(1);
        var field = Field(2, rng);
        var deltas = new MotionDeltas(MotionDeltas.FaceStride);
        deltas.Resize(2);
        for (int k = 0; k < deltas.Values.Length; k++) deltas.Values[k] = 0.1f * (k + 1);
        var r = Deformation.Apply(field, deltas);
        Assert.Equal(field.Means[0] + 0.1f, r.Means[0], 6);                                          // μ + Δμ
        Assert.Equal(Activations.Softplus(field.ScalesRaw[0] + 0.9f), r.Scales[0], 6);               // softplus(s_raw + Δs)
        var q = new float[4];
        for (int k = 0; k < 4; k++) q[k] = field.RotationsRaw[k] + 0.1f * (4 + k);
        float norm = MathF.Sqrt(q.Sum(v => v * v));
        Assert.Equal(q[2] / norm, r.Rotations[2], 6);                                                // normalize(q_raw + Δq)
        Assert.Equal(Activations.Sigmoid(field.OpacitiesRaw[0]), r.Opacities[0], 6);                 // Δα not applied
        Assert.Same(field.Sh, r.Sh);                                                                  // colour unchanged
        var mouth = new MotionDeltas(3);
        mouth.Resize(2);
        mouth.Values[4] = 0.5f;
        var m = Deformation.Apply(field, mouth);
        Assert.Equal(field.Means[4] + 0.5f, m.Means[4], 6);
        Assert.Equal(Activations.Softplus(field.ScalesRaw[4]), m.Scales[4], 6);
        Assert.Throws<ArgumentException>(() => Deformation.Apply(new PersistentGaussianField(3), mouth));
    }

    [Fact]
    public void BackwardMatchesFiniteDifferences()
    {
        var rng = new Random(2);
        int n = 4;
        var field = Field(n, rng);
        var deltas = new MotionDeltas(MotionDeltas.FaceStride);
        deltas.Resize(n);
        GradientCheck.Uniform(rng, 11 * n, -0.3f, 0.3f).CopyTo(deltas.Values, 0);
        // a linear loss on every rasterizer input
        var wm = GradientCheck.Uniform(rng, 3 * n, -1f, 1f);
        var ws = GradientCheck.Uniform(rng, 3 * n, -1f, 1f);
        var wq = GradientCheck.Uniform(rng, 4 * n, -1f, 1f);
        var wo = GradientCheck.Uniform(rng, n, -1f, 1f);
        double Loss()
        {
            var r = Deformation.Apply(field, deltas);
            double l = 0;
            for (int k = 0; k < 3 * n; k++) l += wm[k] * r.Means[k] + ws[k] * r.Scales[k];
            for (int k = 0; k < 4 * n; k++) l += wq[k] * r.Rotations[k];
            for (int k = 0; k < n; k++) l += wo[k] * r.Opacities[k];
            return l;
        }
        var rg = new RasterGradients { Means = wm, Scales = ws, Rotations = wq, Opacities = wo, Sh = new float[field.Sh.Length] };
        var g = Deformation.Backward(field, deltas, rg);
        // Smooth functions (softplus, normalisation, sigmoid): h = 1e-3, error O(h²) from their curvature plus float32
        // round-off. Measured worst: means 4.8e-6 (linear), opacities 2.0e-6, scales 3.5e-5, rotations and deltas 4.2e-5.
        GradientCheck.AssertClose("means", Enumerable.Range(0, 3 * n), field.Means, 1e-3f, Loss, i => g.Means[i], 0, 2e-5);
        GradientCheck.AssertClose("scales", Enumerable.Range(0, 3 * n), field.ScalesRaw, 1e-3f, Loss, i => g.ScalesRaw[i], 0, 1.5e-4);
        GradientCheck.AssertClose("rotations", Enumerable.Range(0, 4 * n), field.RotationsRaw, 1e-3f, Loss, i => g.RotationsRaw[i], 0, 2e-4);
        GradientCheck.AssertClose("opacities", Enumerable.Range(0, n), field.OpacitiesRaw, 1e-3f, Loss, i => g.OpacitiesRaw[i], 0, 1e-5);
        GradientCheck.AssertClose("deltas", Enumerable.Range(0, 11 * n), deltas.Values, 1e-3f, Loss, i => g.Deltas!.Values[i], 0, 2e-4);
        Assert.Equal(0f, g.Deltas!.Values[MotionDeltas.OpacityOffset]);
    }
}
