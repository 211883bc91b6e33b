using TalkingGaussian.Compute;
using TalkingGaussian.Gaussians;
using TalkingGaussian.Model;
using TalkingGaussian.Motion;

namespace TalkingGaussian.Inference;

/// <summary>
/// The deformed Gaussians θ_D = {μ + Δμ, s + Δs, q + Δq, α, f} of one frame (Eq. 4) as plain Gaussian fields, for
/// <c>tg export RUN --frame K</c>: the motion fields run once for the frame's audio window and expression, and their
/// offsets are folded into the raw parameters (scale and rotation offsets are added before the activation, as the
/// renderer applies them, <see cref="Deformation"/>), so the field renders exactly what that frame's branch renders.
/// </summary>
public static class DeformedHead
{
    /// <summary>The face and mouth branches of <paramref name="model"/> deformed for one frame's conditions.</summary>
    public static (PersistentGaussianField Face, PersistentGaussianField Mouth) Compute(TalkingHeadModel model, float[] audioWindow,
        float[] expression, ComputeDevice device)
    {
        var face = Deform(model.Face, model.FaceField, model.FaceMotion, new MotionCondition(audioWindow, expression), device);
        var mouth = Deform(model.Mouth, model.MouthField, model.MouthMotion, new MotionCondition(audioWindow, []), device);
        return (face, mouth);
    }

    /// <summary>θ_D of <paramref name="field"/> under <paramref name="deltas"/> (stride 11: μ, q, α, s offsets; stride 3: μ only).</summary>
    public static PersistentGaussianField Apply(PersistentGaussianField field, MotionDeltas deltas)
    {
        int n = field.Count, stride = deltas.Stride;
        deltas.Check(n, stride, "The deltas");
        var d = deltas.Values;
        var result = Copy(field);
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < 3; k++) result.Means[3 * i + k] += d[i * stride + MotionDeltas.TranslationOffset + k];
            if (!deltas.HasRotationAndScale) continue;
            for (int k = 0; k < 3; k++) result.ScalesRaw[3 * i + k] += d[i * stride + MotionDeltas.ScaleOffset + k];
            for (int k = 0; k < 4; k++) result.RotationsRaw[4 * i + k] += d[i * stride + MotionDeltas.RotationOffset + k];
            // Δα is predicted but not applied (original-code.md §4.5), as in Deformation.Apply.
        }
        return result;
    }

    /// <summary>One field holding the Gaussians of <paramref name="first"/> then <paramref name="second"/> (same SH degree and scale activation).</summary>
    public static PersistentGaussianField Merge(PersistentGaussianField first, PersistentGaussianField second)
    {
        if (first.ShDegree != second.ShDegree || first.ScaleActivation != second.ScaleActivation)
            throw new ArgumentException($"Cannot merge SH degree {first.ShDegree} ({first.ScaleActivation}) with SH degree {second.ShDegree} ({second.ScaleActivation}).");
        int a = first.Count, b = second.Count;
        var merged = new PersistentGaussianField(a + b, first.ShDegree, first.ScaleActivation)
        {
            ActiveShDegree = Math.Max(first.ActiveShDegree, second.ActiveShDegree),
        };
        Append(first.Means, second.Means, merged.Means);
        Append(first.ScalesRaw, second.ScalesRaw, merged.ScalesRaw);
        Append(first.RotationsRaw, second.RotationsRaw, merged.RotationsRaw);
        Append(first.OpacitiesRaw, second.OpacitiesRaw, merged.OpacitiesRaw);
        Append(first.Sh, second.Sh, merged.Sh);
        return merged;
    }

    private static PersistentGaussianField Deform(PersistentGaussianField field, IMotionField motion, float[] parameters,
        MotionCondition condition, ComputeDevice device)
    {
        using var backend = MotionBackends.Create(device, motion);
        var frame = motion.CreateFrame();
        motion.EncodeFrame(parameters, condition, frame);
        var deltas = new MotionDeltas(motion.Stride);
        backend.Forward(parameters, frame, field.Means.AsSpan(0, 3 * field.Count), deltas, saveContext: false);
        return Apply(field, deltas);
    }

    private static PersistentGaussianField Copy(PersistentGaussianField field)
    {
        var copy = new PersistentGaussianField(field.Count, field.ShDegree, field.ScaleActivation) { ActiveShDegree = field.ActiveShDegree };
        field.Means.AsSpan(0, 3 * field.Count).CopyTo(copy.Means);
        field.ScalesRaw.AsSpan(0, 3 * field.Count).CopyTo(copy.ScalesRaw);
        field.RotationsRaw.AsSpan(0, 4 * field.Count).CopyTo(copy.RotationsRaw);
        field.OpacitiesRaw.AsSpan(0, field.Count).CopyTo(copy.OpacitiesRaw);
        field.Sh.AsSpan(0, 3 * field.ShCoefficients * field.Count).CopyTo(copy.Sh);
        return copy;
    }

    private static void Append(float[] first, float[] second, float[] into)
    {
        first.CopyTo(into, 0);
        second.CopyTo(into, first.Length);
    }
}
