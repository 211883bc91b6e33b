using TalkingGaussian.Training.Sampling;
using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Training;

/// <summary>
/// What one training iteration did: every loss term, the training-frame PSNR, Gaussian counts, the sampled frame and the
/// windows in force, learning rates and the seconds per part of the step. One instance per stage, overwritten each
/// iteration (one line of log.jsonl).
/// </summary>
public sealed class StepRecord
{
    /// <summary>The stage.</summary>
    public TrainingStage Stage { get; internal set; }

    /// <summary>The iteration within the stage.</summary>
    public int Iteration { get; internal set; }

    /// <summary>Whether the Gaussians were deformed by the motion field (false during static initialisation).</summary>
    public bool Deformed { get; internal set; }

    /// <summary>Loss terms by name ("l1", "dssim", "deformation", "alpha", "attention", "lpips"), weighted as they enter the total.</summary>
    public Dictionary<string, float> Losses { get; } = new();

    /// <summary>Σ of the loss terms.</summary>
    public float Total { get; internal set; }

    /// <summary>PSNR of the image the loss compared against its target (dB).</summary>
    public float Psnr { get; internal set; }

    /// <summary>Face Gaussians after the step.</summary>
    public int FaceGaussians { get; internal set; }

    /// <summary>Mouth Gaussians after the step.</summary>
    public int MouthGaussians { get; internal set; }

    /// <summary>The sampled frame, with the windows in force and its metric values.</summary>
    public SampledFrame? Sample { get; internal set; }

    /// <summary>Learning rate of the means (xyz) at this iteration.</summary>
    public float PositionLearningRate { get; internal set; }

    /// <summary>Learning-rate factor of the motion field (0 when it is not trained).</summary>
    public float MotionFactor { get; internal set; }

    /// <summary>Clones, splits and prunes of a densification step at this iteration (null when none ran).</summary>
    public (int Cloned, int Split, int Pruned)? Densified { get; internal set; }

    /// <summary>Gaussians deleted (face) or reset (mouth) because they learned the green background.</summary>
    public int BackgroundGaussians { get; internal set; }

    /// <summary>Seconds per part of the step.</summary>
    public StepTimer Timer { get; } = new();

    internal void Begin(TrainingStage stage, int iteration)
    {
        Stage = stage;
        Iteration = iteration;
        Losses.Clear();
        Total = 0;
        Psnr = float.NaN;
        Densified = null;
        BackgroundGaussians = 0;
        MotionFactor = 0;
        Timer.Clear();
    }

    internal void Add(string name, float value)
    {
        Losses[name] = Losses.TryGetValue(name, out float v) ? v + value : value;
        Total += value;
    }
}
