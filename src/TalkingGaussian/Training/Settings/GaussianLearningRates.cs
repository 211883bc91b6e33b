namespace TalkingGaussian.Training.Settings;

/// <summary>
/// Adam learning rates of a Persistent Gaussian Field (original-code.md §3.2): β = (0.9, 0.999), ε = 1e-15. The position
/// rate is scaled by the camera extent E and decays log-linearly over <see cref="PositionDecayFraction"/> of a stage.
/// </summary>
public sealed record GaussianLearningRates
{
    /// <summary>Position rate at the start, before × E (1.6e-4).</summary>
    public float PositionInitial { get; init; } = 1.6e-4f;

    /// <summary>Position rate at the end of the decay, before × E (1.6e-6).</summary>
    public float PositionFinal { get; init; } = 1.6e-6f;

    /// <summary>The position rate reaches its final value at this fraction of the stage (45,000 / 50,000).</summary>
    public float PositionDecayFraction { get; init; } = 0.9f;

    /// <summary>f_dc, the SH DC coefficients (0.0025).</summary>
    public float FeatureDc { get; init; } = 0.0025f;

    /// <summary>f_rest, the higher SH bands, run at f_dc's rate divided by this (20).</summary>
    public float FeatureRestDivisor { get; init; } = 20f;

    /// <summary>Raw opacity (0.05).</summary>
    public float Opacity { get; init; } = 0.05f;

    /// <summary>Raw scale (0.003).</summary>
    public float Scaling { get; init; } = 0.003f;

    /// <summary>Raw quaternion (0.001).</summary>
    public float Rotation { get; init; } = 0.001f;
}
