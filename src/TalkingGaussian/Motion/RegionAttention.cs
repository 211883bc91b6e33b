namespace TalkingGaussian.Motion;

/// <summary>
/// The region attention of the face branch (paper §3.3, Eq. 6, after ER-NeRF): per Gaussian, attention vectors
/// V_a = MLP(H(μ)) and V_e = ReLU(MLP(H(μ))) modulate the frame's conditions by a Hadamard product,
/// a_r = V_a ⊙ a and e_r = V_e ⊙ e; their magnitudes ‖V_a‖, ‖V_e‖ are what the attention maps render.
/// The MLPs themselves are <see cref="FaceMotionField.AudioAttention"/> and <see cref="FaceMotionField.EyeAttention"/>.
/// </summary>
public static class RegionAttention
{
    /// <summary>r = V ⊙ c.</summary>
    public static void Apply(ReadOnlySpan<float> attention, ReadOnlySpan<float> condition, Span<float> regional)
    {
        if (attention.Length != condition.Length || regional.Length != condition.Length)
            throw new ArgumentException($"Region attention needs equal widths: V {attention.Length}, condition {condition.Length}, output {regional.Length}.");
        for (int k = 0; k < condition.Length; k++) regional[k] = attention[k] * condition[k];
    }

    /// <summary>‖V‖₂, the per-Gaussian attention magnitude.</summary>
    public static float Magnitude(ReadOnlySpan<float> attention)
    {
        float s = 0f;
        foreach (float v in attention) s += v * v;
        return MathF.Sqrt(s);
    }

    /// <summary>
    /// Backward of <see cref="Apply"/> and <see cref="Magnitude"/>: writes ∂L/∂V = ∂L/∂r ⊙ c + ∂L/∂‖V‖ · V/‖V‖ (0 at V = 0)
    /// into <paramref name="attentionGradient"/> and adds ∂L/∂c += ∂L/∂r ⊙ V into <paramref name="conditionGradient"/>.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> attention, ReadOnlySpan<float> condition, ReadOnlySpan<float> regionalGradient,
        float magnitudeGradient, Span<float> attentionGradient, Span<float> conditionGradient)
    {
        float norm = Magnitude(attention);
        float scale = norm > 0f ? magnitudeGradient / norm : 0f;
        for (int k = 0; k < condition.Length; k++)
        {
            attentionGradient[k] = regionalGradient[k] * condition[k] + scale * attention[k];
            conditionGradient[k] += regionalGradient[k] * attention[k];
        }
    }
}
