using TalkingGaussian.Training.Sampling;
using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Training.History;

/// <summary>
/// One training iteration as kept for charts: a copy of what a <see cref="StepRecord"/> held (the record itself is reused
/// by the next iteration), or one line of log.jsonl read back.
/// </summary>
/// <param name="Stage">The stage.</param>
/// <param name="Iteration">The iteration within the stage.</param>
/// <param name="Deformed">Whether the motion field deformed the Gaussians (false during static initialisation).</param>
/// <param name="Losses">Loss terms by name, weighted as they enter the total ("l1", "dssim", "deformation", "alpha", "attention", "lpips").</param>
/// <param name="Total">Σ of the loss terms.</param>
/// <param name="Psnr">PSNR of the training image against its target (dB; NaN when not finite).</param>
/// <param name="FaceGaussians">Face Gaussians after the step.</param>
/// <param name="MouthGaussians">Mouth Gaussians after the step.</param>
/// <param name="ImgId">The sampled frame.</param>
/// <param name="Windows">The sampler's windows in force, with the frame's metric (empty: a uniform draw).</param>
/// <param name="Fallback">No frame fitted the windows; the nearest was taken.</param>
/// <param name="Densified">Clones, splits and prunes of a densification step at this iteration, or null.</param>
/// <param name="BackgroundGaussians">Gaussians deleted (face) or reset (mouth) because they learned the green background.</param>
public sealed record IterationEntry(TrainingStage Stage, int Iteration, bool Deformed, IReadOnlyDictionary<string, float> Losses, float Total,
    float Psnr, int FaceGaussians, int MouthGaussians, int ImgId, IReadOnlyList<WindowCheck> Windows, bool Fallback,
    (int Cloned, int Split, int Pruned)? Densified, int BackgroundGaussians)
{
    /// <summary>A loss term, or NaN when this iteration did not have it.</summary>
    public double Loss(string name) => Losses.TryGetValue(name, out float v) ? v : double.NaN;

    /// <summary>True when the sampler applied a window at this iteration.</summary>
    public bool Windowed => Windows.Count > 0;

    /// <summary>A copy of <paramref name="record"/>.</summary>
    public static IterationEntry Of(StepRecord record) => new(record.Stage, record.Iteration, record.Deformed,
        new Dictionary<string, float>(record.Losses), record.Total, record.Psnr, record.FaceGaussians, record.MouthGaussians,
        record.Sample?.Frame.ImgId ?? -1, record.Sample?.Windows.ToArray() ?? [], record.Sample?.Fallback ?? false,
        record.Densified, record.BackgroundGaussians);
}
