using TalkingGaussian.Data;
using TalkingGaussian.Training.Sampling;
using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Training;

/// <summary>One stage of paper §3.4 run iteration by iteration on a <see cref="TrainingState"/>.</summary>
public interface IStageRunner : IDisposable
{
    /// <summary>Which stage.</summary>
    TrainingStage Stage { get; }

    /// <summary>Its length in iterations.</summary>
    int Iterations { get; }

    /// <summary>The frame sampler (its state is part of a checkpoint).</summary>
    IncrementalSampler Sampler { get; }

    /// <summary>The stage's other random draws (patch sizes); its state is part of a checkpoint.</summary>
    TrainingRandom Random { get; }

    /// <summary>Runs iteration <paramref name="iteration"/>; the returned record is reused by the next call.</summary>
    StepRecord Step(int iteration);

    /// <summary>
    /// Renders what the stage learns for a held-out <paramref name="frame"/> as it stands before <paramref name="iteration"/>,
    /// and the target it is compared with, into <paramref name="image"/> and <paramref name="target"/> [3, H, W].
    /// </summary>
    void RenderForValidation(int iteration, TalkingFrame frame, FrameImages images, float[] image, float[] target);
}
