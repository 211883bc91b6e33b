namespace TalkingGaussian.Gaussians;

/// <summary>The scalar activations of the Gaussian parameters, their inverses and derivatives.</summary>
public static class Activations
{
    /// <summary>The smallest normal float, 2⁻¹²⁶ ≈ 1.18e-38.</summary>
    private const float SmallestNormal = 1.17549435e-38f;

    /// <summary>
    /// softplus(r) = log(1 + eʳ), computed without overflow (PyTorch also switches to r above 20) and, like PyTorch's
    /// log1p, without losing small values: in float, 1 + eʳ rounds to 1 for r below about −17, which would give a scale of 0
    /// to a Gaussian that is merely small. Below −30, log(1 + eʳ) = eʳ to float precision.
    /// </summary>
    public static float Softplus(float r) => r > 20f ? r : r < -30f ? MathF.Exp(r) : (float)Math.Log(1.0 + Math.Exp(r));

    /// <summary>d softplus / dr = sigmoid(r).</summary>
    public static float SoftplusDerivative(float r) => Sigmoid(r);

    /// <summary>softplus⁻¹(s) = s + log(−expm1(−s)) for s &gt; 0.</summary>
    /// <remarks>
    /// Evaluated in double with an accurate eˢ − 1, so tiny scales (s ≪ 1e-7) still invert to log(s). Scales below float's
    /// smallest normal value (1.2e-38, including 0 from an underflow) invert to log(1.2e-38) ≈ −87.3 instead of −∞, so a
    /// split child of a vanishing Gaussian stays a finite, vanishing Gaussian.
    /// </remarks>
    public static float SoftplusInverse(float s) => s > 20f ? s : (float)PreciseMath.SoftplusInverse(MathF.Max(s, SmallestNormal));

    /// <summary>σ(r) = 1 / (1 + e⁻ʳ).</summary>
    public static float Sigmoid(float r) => 1f / (1f + MathF.Exp(-r));

    /// <summary>σ⁻¹(a) = log(a / (1 − a)).</summary>
    public static float Logit(float a) => MathF.Log(a / (1f - a));

    /// <summary>Applies a scale activation.</summary>
    public static float Scale(ScaleActivation kind, float raw) =>
        kind == ScaleActivation.Softplus ? Softplus(raw) : MathF.Exp(raw);

    /// <summary>d scale / d raw.</summary>
    public static float ScaleDerivative(ScaleActivation kind, float raw) =>
        kind == ScaleActivation.Softplus ? SoftplusDerivative(raw) : MathF.Exp(raw);

    /// <summary>Inverse of a scale activation.</summary>
    public static float ScaleInverse(ScaleActivation kind, float scale) =>
        kind == ScaleActivation.Softplus ? SoftplusInverse(scale) : MathF.Log(MathF.Max(scale, SmallestNormal));

    /// <summary>L2 norm clamped below at 1e-12 (F.normalize's eps).</summary>
    public const float NormalizeEpsilon = 1e-12f;

    /// <summary>q / max(‖q‖, ε) for a quaternion (w, x, y, z) at <paramref name="src"/>, written to <paramref name="dst"/>.</summary>
    public static void NormalizeQuaternion(ReadOnlySpan<float> src, Span<float> dst)
    {
        float n = MathF.Max(MathF.Sqrt(src[0] * src[0] + src[1] * src[1] + src[2] * src[2] + src[3] * src[3]), NormalizeEpsilon);
        for (int k = 0; k < 4; k++) dst[k] = src[k] / n;
    }

    /// <summary>
    /// Chain rule through q̂ = q/‖q‖: ∂L/∂q = (g − q̂ (q̂·g)) / ‖q‖, for upstream g = ∂L/∂q̂.
    /// </summary>
    public static void NormalizeQuaternionBackward(ReadOnlySpan<float> raw, ReadOnlySpan<float> g, Span<float> dRaw)
    {
        float n = MathF.Sqrt(raw[0] * raw[0] + raw[1] * raw[1] + raw[2] * raw[2] + raw[3] * raw[3]);
        if (n < NormalizeEpsilon)
        {
            for (int k = 0; k < 4; k++) dRaw[k] = g[k] / NormalizeEpsilon;
            return;
        }
        float dot = 0f;
        for (int k = 0; k < 4; k++) dot += raw[k] * g[k];
        dot /= n;
        for (int k = 0; k < 4; k++) dRaw[k] = (g[k] - raw[k] / n * dot) / n;
    }
}
