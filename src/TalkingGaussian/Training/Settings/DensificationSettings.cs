using TalkingGaussian.Gaussians;

namespace TalkingGaussian.Training.Settings;

/// <summary>
/// When a stage clones, splits and prunes its Gaussians (original-code.md §3.3), as fractions of the stage so any length
/// works. Intervals stay in iterations.
/// </summary>
public sealed record DensificationSettings
{
    /// <summary>Clone/split when the mean ‖∂L/∂means2D‖ (NDC units) reaches this (face 0.0005, mouth 0.0002).</summary>
    public float GradThreshold { get; init; } = 0.0002f;

    /// <summary>Densify only after this fraction of the stage (500 / 50,000).</summary>
    public float FromFraction { get; init; } = 0.01f;

    /// <summary>Densify and collect statistics only before this fraction (face 49,000, mouth 45,000 of 50,000).</summary>
    public float UntilFraction { get; init; } = 0.9f;

    /// <summary>Densify every this many iterations (100).</summary>
    public int Interval { get; init; } = 100;

    /// <summary>The prune of oversized Gaussians starts after this fraction (the released opacity_reset_interval 3,000 / 50,000).</summary>
    public float SizePruneFromFraction { get; init; } = 0.06f;

    /// <summary>Gaussians with max scale ≤ this × E are cloned, larger ones split (0.005).</summary>
    public float PercentDense { get; init; } = 0.005f;

    /// <summary>The densifier's settings for a stage of <paramref name="iterations"/>.</summary>
    public DensifierSettings For(int iterations, int seed) => new()
    {
        DensifyGradThreshold = GradThreshold,
        DensifyFromIter = StageFraction.Of(FromFraction, iterations),
        DensifyUntilIter = StageFraction.Of(UntilFraction, iterations),
        DensificationInterval = Interval,
        OpacityResetInterval = StageFraction.Of(SizePruneFromFraction, iterations),
        PercentDense = PercentDense,
        Seed = seed,
    };
}
