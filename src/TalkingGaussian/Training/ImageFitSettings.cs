namespace TalkingGaussian.Training;

/// <summary>
/// Settings of <see cref="ImageFit"/>: how many Gaussians, how many Adam steps, the learning rate of each parameter
/// group (on the raw, unactivated parameters) and how often to keep a frame of the fit for a video.
/// Defaults fit a 64×64 target in a few seconds on a laptop CPU.
/// </summary>
public sealed record ImageFitSettings
{
    /// <summary>Number of Gaussians.</summary>
    public int Gaussians { get; init; } = 256;

    /// <summary>Optimizer steps (one full render and backward pass each).</summary>
    public int Steps { get; init; } = 300;

    /// <summary>Seed of the random initialisation.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Learning rate of the means μ (world units).</summary>
    public float MeanLearningRate { get; init; } = 0.01f;

    /// <summary>Learning rate of log s (scales use exp activation here).</summary>
    public float ScaleLearningRate { get; init; } = 0.03f;

    /// <summary>Learning rate of the raw quaternions (normalised before rendering).</summary>
    public float RotationLearningRate { get; init; } = 0.02f;

    /// <summary>Learning rate of the opacity logits (α = sigmoid).</summary>
    public float OpacityLearningRate { get; init; } = 0.05f;

    /// <summary>Learning rate of the colour logits (c = sigmoid).</summary>
    public float ColorLearningRate { get; init; } = 0.05f;

    /// <summary>Keep the render every this many steps (0: none).</summary>
    public int SnapshotEvery { get; init; } = 10;
}
