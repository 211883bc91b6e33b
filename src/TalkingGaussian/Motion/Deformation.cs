using TalkingGaussian.Gaussians;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Motion;

/// <summary>
/// Gradients the deformation passes back: to the Persistent Gaussian Field's raw parameters θ_C (same layouts as
/// <see cref="PersistentGaussianField"/>) and to the motion field's deltas δ.
/// </summary>
public sealed class DeformationGradients
{
    /// <summary>[N, 3] ∂L/∂μ through θ_D only (the motion field adds its own path through H(μ)).</summary>
    public float[] Means { get; private set; } = [];

    /// <summary>[N, 3] ∂L/∂raw scale.</summary>
    public float[] ScalesRaw { get; private set; } = [];

    /// <summary>[N, 4] ∂L/∂raw quaternion.</summary>
    public float[] RotationsRaw { get; private set; } = [];

    /// <summary>[N] ∂L/∂raw opacity.</summary>
    public float[] OpacitiesRaw { get; private set; } = [];

    /// <summary>[N, K, 3] ∂L/∂SH (colours are not deformed, so this is the rasterizer's SH gradient).</summary>
    public float[] Sh { get; private set; } = [];

    /// <summary>∂L/∂δ, or null when no deltas were applied.</summary>
    public MotionDeltas? Deltas { get; private set; }

    internal void Resize(int n, int shFloats, int? deltaStride)
    {
        Means = Fit(Means, 3 * n);
        ScalesRaw = Fit(ScalesRaw, 3 * n);
        RotationsRaw = Fit(RotationsRaw, 4 * n);
        OpacitiesRaw = Fit(OpacitiesRaw, n);
        Sh = Fit(Sh, shFloats);
        if (deltaStride is int stride)
        {
            if (Deltas is null || Deltas.Stride != stride) Deltas = new MotionDeltas(stride);
            Deltas.Resize(n);
        }
        else Deltas = null;
    }

    private static float[] Fit(float[] a, int length) => a.Length == length ? a : new float[length];
}

/// <summary>
/// The deformation of paper Eq. 4, θ_D = {μ + Δμ, s + Δs, q + Δq, α, f}, as the released renderer applies it
/// (original-code.md §4.5): μ_D = μ + Δμ; s_D = activation(s_raw + Δs); q_D = normalize(q_raw + Δq); opacity and SH
/// colour unchanged. The face's Δα is predicted but not applied (the released line is commented out). The mouth field
/// (translation only) deforms μ alone. The motion field reads the undeformed μ.
/// </summary>
public static class Deformation
{
    /// <summary>Writes θ_D of <paramref name="field"/> under <paramref name="deltas"/> (null: θ_C) into rasterizer inputs.</summary>
    public static RasterInputs Apply(PersistentGaussianField field, MotionDeltas? deltas, RasterInputs? into = null)
    {
        int n = field.Count;
        deltas?.Check(n, deltas.Stride, "The deltas");
        var r = field.Activate(into); // θ_C activated: means copied, softplus/exp scale, normalised q, sigmoid α, SH
        if (deltas is null) return r;
        int stride = deltas.Stride;
        var d = deltas.Values;
        Span<float> q = stackalloc float[4];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < 3; k++) r.Means[3 * i + k] = field.Means[3 * i + k] + d[i * stride + MotionDeltas.TranslationOffset + k];
            if (!deltas.HasRotationAndScale) continue;
            for (int k = 0; k < 3; k++)
                r.Scales[3 * i + k] = Activations.Scale(field.ScaleActivation, field.ScalesRaw[3 * i + k] + d[i * stride + MotionDeltas.ScaleOffset + k]);
            for (int k = 0; k < 4; k++) q[k] = field.RotationsRaw[4 * i + k] + d[i * stride + MotionDeltas.RotationOffset + k];
            Activations.NormalizeQuaternion(q, r.Rotations.AsSpan(4 * i, 4));
        }
        return r;
    }

    /// <summary>
    /// Back-propagates the rasterizer's gradients through Eq. 4 into the field's raw parameters and the deltas
    /// (∂L/∂Δμ = ∂L/∂μ_D; ∂L/∂Δs = ∂L/∂s_raw = ∂L/∂s_D·activation'; ∂L/∂Δq = ∂L/∂q_raw through the normalisation).
    /// </summary>
    public static DeformationGradients Backward(PersistentGaussianField field, MotionDeltas? deltas, RasterGradients gradients,
        DeformationGradients? into = null)
    {
        int n = field.Count;
        deltas?.Check(n, deltas.Stride, "The deltas");
        if (gradients.Means.Length < 3 * n || gradients.Scales.Length < 3 * n || gradients.Rotations.Length < 4 * n || gradients.Opacities.Length < n)
            throw new ArgumentException($"The rasterizer gradients do not cover {n} Gaussians.");
        var g = into ?? new DeformationGradients();
        g.Resize(n, gradients.Sh.Length, deltas?.Stride);
        Array.Copy(gradients.Sh, g.Sh, gradients.Sh.Length);
        Array.Copy(gradients.Means, g.Means, 3 * n);
        Span<float> q = stackalloc float[4];
        for (int i = 0; i < n; i++)
        {
            float o = Activations.Sigmoid(field.OpacitiesRaw[i]);
            g.OpacitiesRaw[i] = gradients.Opacities[i] * o * (1f - o);
            bool full = deltas is not null && deltas.HasRotationAndScale;
            int stride = deltas?.Stride ?? 0;
            for (int k = 0; k < 3; k++)
            {
                float raw = field.ScalesRaw[3 * i + k] + (full ? deltas!.Values[i * stride + MotionDeltas.ScaleOffset + k] : 0f);
                g.ScalesRaw[3 * i + k] = gradients.Scales[3 * i + k] * Activations.ScaleDerivative(field.ScaleActivation, raw);
            }
            for (int k = 0; k < 4; k++)
                q[k] = field.RotationsRaw[4 * i + k] + (full ? deltas!.Values[i * stride + MotionDeltas.RotationOffset + k] : 0f);
            Activations.NormalizeQuaternionBackward(q, gradients.Rotations.AsSpan(4 * i, 4), g.RotationsRaw.AsSpan(4 * i, 4));
            if (g.Deltas is null) continue;
            var dd = g.Deltas.Values.AsSpan(i * stride, stride);
            for (int k = 0; k < 3; k++) dd[MotionDeltas.TranslationOffset + k] = gradients.Means[3 * i + k];
            if (!full) continue;
            for (int k = 0; k < 3; k++) dd[MotionDeltas.ScaleOffset + k] = g.ScalesRaw[3 * i + k];
            for (int k = 0; k < 4; k++) dd[MotionDeltas.RotationOffset + k] = g.RotationsRaw[4 * i + k];
            // Δα is not applied, so ∂L/∂Δα = 0 (left zero by Resize).
        }
        return g;
    }
}
