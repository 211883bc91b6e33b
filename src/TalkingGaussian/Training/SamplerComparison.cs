using TalkingGaussian.Compute;
using TalkingGaussian.Data;
using TalkingGaussian.Training.Settings;
using TalkingGaussian.Training.Stages;

namespace TalkingGaussian.Training;

/// <summary>
/// The incremental sampler's ablation (paper §3.2, Eq. 5; "IS" in Table 3) on the face branch: two face stages from the
/// same start (one seed, so the same initial Gaussians, motion parameters and random streams), one drawing frames through
/// the windows of <see cref="FaceStageSettings.Sampling"/> and one drawing them uniformly, both scored on the same val
/// frames every few iterations: the PSNR of the lips rectangle and of the whole face-branch image against its target.
/// Nothing is written to disk.
/// </summary>
public static class SamplerComparison
{
    /// <summary>
    /// Trains both variants for <c>settings.Face.Iterations</c> iterations, scoring before the first step and after every
    /// <paramref name="every"/> iterations (and the last).
    /// </summary>
    /// <param name="dataset">The dataset; its val split is scored (all of it).</param>
    /// <param name="device">Where the stages run.</param>
    /// <param name="settings">The face stage to run; its sampling settings are the windowed variant (they must be enabled).</param>
    /// <param name="every">Iterations between two scores.</param>
    /// <param name="progress">Receives one line per score.</param>
    public static SamplerComparisonResult Run(TalkingDataset dataset, ComputeDevice device, TrainingSettings settings, int every,
        Action<string>? progress = null)
    {
        if (!settings.Face.Sampling.Enabled)
            throw new ArgumentException("settings.Face.Sampling is the windowed variant and must be enabled; the uniform one is made from it.", nameof(settings));
        if (every < 1) throw new ArgumentOutOfRangeException(nameof(every), $"Score at least every iteration (every ≥ 1), got {every}.");
        var uniform = settings with { Face = settings.Face with { Sampling = settings.Face.Sampling with { Enabled = false } } };
        return new SamplerComparisonResult(
            Train("windows", dataset, device, settings, every, progress),
            Train("uniform", dataset, device, uniform, every, progress));
    }

    private static SamplerCurve Train(string name, TalkingDataset dataset, ComputeDevice device, TrainingSettings settings, int every, Action<string>? progress)
    {
        using var context = new TrainingContext(settings with { Stages = [TrainingStage.Face] }, dataset, device);
        using var stage = new FaceStage(context, TrainingState.For(settings));
        var frames = dataset.Val.Frames;
        var scores = new List<ValidationScores>();
        void Score(int iteration)
        {
            var s = ValidationScores.Measure(stage, iteration, dataset, frames, "face branch vs its target, val split");
            scores.Add(s);
            progress?.Invoke($"{name,-8} iteration {iteration,5}: lips PSNR {s.MeanLipsPsnr:F2} dB, PSNR {s.MeanPsnr:F2} dB");
        }
        Score(0);
        var draws = new int[stage.Iterations];
        var windowed = new bool[stage.Iterations];
        for (int it = 0; it < stage.Iterations; it++)
        {
            var sample = stage.Step(it).Sample!;
            draws[it] = sample.Frame.ImgId;
            windowed[it] = !sample.Uniform;
            if ((it + 1) % every == 0 || it + 1 == stage.Iterations) Score(it + 1);
        }
        return new SamplerCurve(name, scores, draws, windowed);
    }
}

/// <summary>One variant's scores over its training.</summary>
/// <param name="Name">"windows" or "uniform".</param>
/// <param name="Scores">The val scores, the first before any step.</param>
/// <param name="Draws">The frame (img_id) drawn at each iteration.</param>
/// <param name="Windowed">Whether a window chose that frame (false: a uniform draw).</param>
public sealed record SamplerCurve(string Name, IReadOnlyList<ValidationScores> Scores, int[] Draws, bool[] Windowed)
{
    /// <summary>Iterations whose frame the windows chose (0 for uniform sampling).</summary>
    public int WindowedDraws => Windowed.Count(w => w);

    /// <summary>Iterations scored.</summary>
    public double[] Iterations => Scores.Select(s => (double)s.Iteration).ToArray();

    /// <summary>Mean lips-rectangle PSNR at each score (dB).</summary>
    public double[] LipsPsnr => Scores.Select(s => s.MeanLipsPsnr).ToArray();

    /// <summary>Mean PSNR at each score (dB).</summary>
    public double[] Psnr => Scores.Select(s => s.MeanPsnr).ToArray();
}

/// <summary>Both variants, and the difference of their final lips PSNR frame by frame.</summary>
public sealed record SamplerComparisonResult(SamplerCurve Windows, SamplerCurve Uniform)
{
    /// <summary>Final lips PSNR with the windows minus uniform, paired over the same val frames.</summary>
    public PairedDifference FinalLipsPsnr => PairedDifference.Of(Windows.Scores[^1].LipsPsnr, Uniform.Scores[^1].LipsPsnr);

    /// <summary>Final whole-image PSNR with the windows minus uniform, paired over the same val frames.</summary>
    public PairedDifference FinalPsnr => PairedDifference.Of(Windows.Scores[^1].Psnr, Uniform.Scores[^1].Psnr);
}
