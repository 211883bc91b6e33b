using TalkingGaussian.Training.Sampling;

namespace TalkingGaussian.Training.Settings;

/// <summary>
/// The inside-mouth branch's stage (paper §3.4; released <c>train_mouth.py</c>, original-code.md §5.2). Phase boundaries are
/// fractions of <see cref="Iterations"/> (released: 50,000).
/// </summary>
public sealed record MouthStageSettings
{
    /// <summary>Iterations of the stage (released 50,000).</summary>
    public int Iterations { get; init; } = 50_000;

    /// <summary>Initial Gaussians, uniform in the ±0.1 cube (released default 10,000).</summary>
    public int InitialGaussians { get; init; } = 10_000;

    /// <summary>Static initialisation before this fraction, motion learning after (3,000 / 50,000).</summary>
    public float WarmUpFraction { get; init; } = 0.06f;

    /// <summary>The active SH degree grows by one every this fraction of the stage (1,000 / 50,000).</summary>
    public float ShDegreeStepFraction { get; init; } = 0.02f;

    /// <summary>Clone/split/prune schedule: threshold 0.0002, until 45,000 / 50,000; Gaussians that learned the green background are reset after each step.</summary>
    public DensificationSettings Densification { get; init; } = new() { GradThreshold = 0.0002f, UntilFraction = 0.9f };

    /// <summary>
    /// After this fraction (49,000 / 50,000) the background turns black, the motion field and the Gaussians' geometry freeze
    /// (only colours train) and the LPIPS term is added.
    /// </summary>
    public float FinalFraction { get; init; } = 0.98f;

    /// <summary>Motion learning-rate switch S (39,000 / 50,000).</summary>
    public float MotionLrSwitchFraction { get; init; } = 0.78f;

    /// <summary>Motion learning-rate decay B (49,000 / 50,000).</summary>
    public float MotionLrDecayFraction { get; init; } = 0.98f;

    /// <summary>Weight of the opacity term mean((1−A)·lips box) + mean(A·¬lips box) after warm-up (1e-3).</summary>
    public float AlphaWeight { get; init; } = 1e-3f;

    /// <summary>Weight of the mean patch LPIPS in the final phase (0.5).</summary>
    public float PatchLpipsWeight { get; init; } = 0.5f;

    /// <summary>Smallest patch size (32).</summary>
    public int PatchSizeMin { get; init; } = 32;

    /// <summary>Largest patch size (42).</summary>
    public int PatchSizeMax { get; init; } = 42;

    /// <summary>The incremental sampler's windows (AU25 and the inside-mouth pixel rule).</summary>
    public MouthSamplingSettings Sampling { get; init; } = new();
}
