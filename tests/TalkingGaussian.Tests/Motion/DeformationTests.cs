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

    /// <summary>Deltas of <paramref name="stride"/> (11 face, 3 mouth; 0: none) over <paramref name="n"/> Gaussians, U(−0.3, 0.3).</summary>
    private static MotionDeltas? Deltas(int stride, int n, Random rng)
    {
        if (stride == 0) return null;
        var deltas = new MotionDeltas(stride);
        deltas.Resize(n);
        GradientCheck.Uniform(rng, stride * n, -0.3f, 0.3f).CopyTo(deltas.Values, 0);
        return deltas;
    }

    /// <summary>Rasterizer gradients of random weights: the gradients of a linear loss on every rasterizer input.</summary>
    private static RasterGradients LinearLoss(PersistentGaussianField field, Random rng) => new()
    {
        Means = GradientCheck.Uniform(rng, 3 * field.Count, -1f, 1f),
        Scales = GradientCheck.Uniform(rng, 3 * field.Count, -1f, 1f),
        Rotations = GradientCheck.Uniform(rng, 4 * field.Count, -1f, 1f),
        Opacities = GradientCheck.Uniform(rng, field.Count, -1f, 1f),
        Sh = GradientCheck.Uniform(rng, field.Sh.Length, -1f, 1f),
    };

    [Theory]
    [InlineData(MotionDeltas.FaceStride)]
    [InlineData(MotionDeltas.MouthStride)] // translation only: s and q are the field's own (no Δs, Δq to read or write)
    [InlineData(0)]                        // no deltas (the undeformed θ_C): no ∂L/∂δ
    public void BackwardMatchesFiniteDifferences(int stride)
    {
        var rng = new Random(2);
        int n = 4;
        var field = Field(n, rng);
        var deltas = Deltas(stride, n, rng);
        var w = LinearLoss(field, rng);
        double Loss()
        {
            var r = Deformation.Apply(field, deltas);
            double l = 0;
            for (int k = 0; k < 3 * n; k++) l += w.Means[k] * r.Means[k] + w.Scales[k] * r.Scales[k];
            for (int k = 0; k < 4 * n; k++) l += w.Rotations[k] * r.Rotations[k];
            for (int k = 0; k < n; k++) l += w.Opacities[k] * r.Opacities[k];
            for (int k = 0; k < field.Sh.Length; k++) l += w.Sh[k] * r.Sh![k];
            return l;
        }
        var g = Deformation.Backward(field, deltas, w);
        // Smooth functions (softplus, normalisation, sigmoid): h = 1e-3, error O(h²) from their curvature plus float32
        // round-off, which bounds the opacities' error by 2·3e-8/2h = 3e-5 (σ ≈ 0.5, half an ulp each side). Measured
        // worst over the three layouts: means 6.2e-6 (linear), opacities 1.4e-5, scales 5.0e-6, rotations and deltas 4.5e-5.
        GradientCheck.AssertClose("means", Enumerable.Range(0, 3 * n), field.Means, 1e-3f, Loss, i => g.Means[i], 0, 2e-5);
        GradientCheck.AssertClose("scales", Enumerable.Range(0, 3 * n), field.ScalesRaw, 1e-3f, Loss, i => g.ScalesRaw[i], 0, 1.5e-4);
        GradientCheck.AssertClose("rotations", Enumerable.Range(0, 4 * n), field.RotationsRaw, 1e-3f, Loss, i => g.RotationsRaw[i], 0, 2e-4);
        GradientCheck.AssertClose("opacities", Enumerable.Range(0, n), field.OpacitiesRaw, 1e-3f, Loss, i => g.OpacitiesRaw[i], 0, 3e-5);
        // SH colours pass through undeformed, so the loss is linear in them; measured worst SHMEASURED.
        GradientCheck.AssertClose("sh", GradientCheck.Sample(rng, 0, field.Sh.Length, 24), field.Sh, 1e-3f, Loss, i => g.Sh[i], 0, 2e-5);
        if (deltas is null)
        {
            Assert.Null(g.Deltas);
            return;
        }
        Assert.Equal(stride, g.Deltas!.Stride);
        GradientCheck.AssertClose("deltas", Enumerable.Range(0, stride * n), deltas.Values, 1e-3f, Loss, i => g.Deltas!.Values[i], 0, 2e-4);
        if (deltas.HasRotationAndScale) Assert.Equal(0f, g.Deltas.Values[MotionDeltas.OpacityOffset]); // Δα is not applied
    }

    [Fact]
    public void BackwardReusesItsBuffersAndFollowsTheDeltaLayout()
    {
        var rng = new Random(3);
        int n = 3;
        var field = Field(n, rng);
        var w = LinearLoss(field, rng);
        var face = Deltas(MotionDeltas.FaceStride, n, rng);
        var mouth = Deltas(MotionDeltas.MouthStride, n, rng);
        var into = new DeformationGradients();
        var first = Deformation.Backward(field, face, w, into);
        Assert.Same(into, first);
        float[][] arrays = [into.Means, into.ScalesRaw, into.RotationsRaw, into.OpacitiesRaw, into.Sh];
        var faceDeltas = into.Deltas;
        Deformation.Backward(field, face, w, into); // same N and layout: no allocation
        float[][] again = [into.Means, into.ScalesRaw, into.RotationsRaw, into.OpacitiesRaw, into.Sh];
        for (int k = 0; k < arrays.Length; k++) Assert.Same(arrays[k], again[k]);
        Assert.Same(faceDeltas, into.Deltas);
        // the face layout, then the mouth's, then none: each as a fresh call computes it
        foreach (var deltas in new[] { mouth, null, face })
        {
            Deformation.Backward(field, deltas, w, into);
            var fresh = Deformation.Backward(field, deltas, w);
            Assert.Equal(fresh.Means, into.Means);
            Assert.Equal(fresh.ScalesRaw, into.ScalesRaw);
            Assert.Equal(fresh.RotationsRaw, into.RotationsRaw);
            Assert.Equal(fresh.OpacitiesRaw, into.OpacitiesRaw);
            Assert.Equal(fresh.Sh, into.Sh);
            Assert.Equal(deltas?.Stride, into.Deltas?.Stride);
            if (deltas is not null) Assert.Equal(fresh.Deltas!.Values, into.Deltas!.Values[..(deltas.Stride * n)]);
        }
    }

    [Fact]
    public void InputsThatDoNotCoverTheFieldAreRejected()
    {
        var rng = new Random(4);
        int n = 4;
        var field = Field(n, rng);
        var w = LinearLoss(field, rng);
        var extra = Deltas(MotionDeltas.FaceStride, n + 1, rng); // one row too many: nothing would index past it
        Assert.StartsWith("The deltas", Assert.Throws<ArgumentException>(() => Deformation.Apply(field, extra)).Message);
        Assert.StartsWith("The deltas", Assert.Throws<ArgumentException>(() => Deformation.Backward(field, extra, w)).Message);
        // each of the rasterizer's per-Gaussian gradients one float short, the others whole
        foreach (string shortOne in new[] { "means", "scales", "rotations", "opacities" })
        {
            static float[] Cut(float[] a, bool cut) => cut ? a[..^1] : a;
            var g = new RasterGradients
            {
                Means = Cut(w.Means, shortOne == "means"), Scales = Cut(w.Scales, shortOne == "scales"),
                Rotations = Cut(w.Rotations, shortOne == "rotations"), Opacities = Cut(w.Opacities, shortOne == "opacities"), Sh = w.Sh,
            };
            var e = Assert.Throws<ArgumentException>(() => Deformation.Backward(field, null, g));
            Assert.Contains($"do not cover {n} Gaussians", e.Message);
        }
    }
}
