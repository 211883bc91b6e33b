using System.Security.Cryptography;
using System.Text;
using TalkingGaussian.Compute;
using TalkingGaussian.Data;
using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Training;

/// <summary>
/// Small runs that notebooks train and share. A run is trained by <see cref="Trainer"/> into a folder named by a hash of
/// its dataset and settings (so changing a setting trains a new run and two settings never mix), written exactly as
/// <c>tg train</c> writes one (settings.json, log.jsonl, validation.jsonl, checkpoints/, model/, eval.json), resumed when
/// an earlier attempt stopped, and reused once finished.
/// </summary>
public static class ExampleRuns
{
    /// <summary>
    /// The quick preset's schedules in 400 face, 200 mouth and 100 fusion iterations, scored every 100: a few minutes on a
    /// 2-core CPU for a 192×192 synthetic speaker, enough to see every stage work, far from a usable head.
    /// </summary>
    public static TrainingSettings Small { get; } = TrainingPresets.Quick with
    {
        Face = TrainingPresets.Quick.Face with { Iterations = 400 },
        Mouth = TrainingPresets.Quick.Mouth with { Iterations = 200 },
        Fuse = TrainingPresets.Quick.Fuse with { Iterations = 100 },
        ValidateEvery = 100,
        CheckpointEvery = 100,
    };

    /// <summary>The folder <see cref="Ensure"/> uses: <paramref name="parent"/>/run-HASH.</summary>
    public static string FolderOf(string datasetFolder, string parent, TrainingSettings settings)
    {
        string key = Path.GetFullPath(datasetFolder) + "\n" + TrainingSettingsJson.Serialize(settings);
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..10];
        return Path.Combine(Path.GetFullPath(parent), "run-" + hash);
    }

    /// <summary>
    /// The finished run of <paramref name="settings"/> on the dataset in <paramref name="datasetFolder"/>: trained now (or
    /// continued from its last checkpoint) unless <see cref="TrainingRun.EvalPath"/> shows it finished. Needs all three stages.
    /// </summary>
    public static TrainingRun Ensure(string datasetFolder, string parent, TrainingSettings settings, ComputeDevice device, Action<string>? log = null)
    {
        if (!settings.Stages.SequenceEqual([TrainingStage.Face, TrainingStage.Mouth, TrainingStage.Fuse]))
            throw new ArgumentException("An example run trains all three stages (face, mouth, fuse).", nameof(settings));
        if (settings.Problems() is { Count: > 0 } problems) throw new TrainingSettingsException(string.Join(" ", problems));
        var run = new TrainingRun(FolderOf(datasetFolder, parent, settings));
        if (File.Exists(run.EvalPath)) return run;
        using var dataset = TalkingDataset.Open(datasetFolder, new DatasetOptions { AudioExtractor = settings.AudioExtractor, CacheBudgetBytes = settings.CacheBudgetBytes });
        using var context = new TrainingContext(settings, dataset, device);
        string? checkpoint = run.LatestCheckpoint();
        if (checkpoint is null) run.WriteSettings(settings, dataset.Files.Root, device.Description, RunDerivation.Of(context));
        var trainer = new Trainer(context, run) { Message = log };
        trainer.Run(checkpoint);
        return run;
    }
}
