using System.Text.Json;
using System.Text.Json.Nodes;
using TalkingGaussian.Compute;
using TalkingGaussian.Data;
using TalkingGaussian.Media;
using TalkingGaussian.Training.Checkpoints;
using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Training;

/// <summary>
/// The run folder <c>tg train</c> writes (design.md "A training run on disk"):
/// <c>settings.json</c> (every setting resolved, with the dataset, the device and what the run derived from the data),
/// <c>log.jsonl</c> (one line per iteration), <c>validation.jsonl</c> (one line per validation),
/// <c>checkpoints/</c> (<c>&lt;stage&gt;-&lt;iteration&gt;.npz</c>, <c>&lt;stage&gt;-end.npz</c> and <c>latest</c>, the name of the newest),
/// <c>model/</c> (the final model, <see cref="Model.TalkingHeadModel"/>) and <c>eval.json</c> (held-out scores).
/// </summary>
public sealed class TrainingRun
{
    /// <summary>The run at <paramref name="folder"/> (not created until something is written).</summary>
    public TrainingRun(string folder) => Folder = Path.GetFullPath(folder);

    /// <summary>The folder.</summary>
    public string Folder { get; }

    /// <summary>settings.json.</summary>
    public string SettingsPath => Path.Combine(Folder, "settings.json");

    /// <summary>log.jsonl.</summary>
    public string LogPath => Path.Combine(Folder, "log.jsonl");

    /// <summary>validation.jsonl.</summary>
    public string ValidationPath => Path.Combine(Folder, "validation.jsonl");

    /// <summary>checkpoints/.</summary>
    public string CheckpointFolder => Path.Combine(Folder, "checkpoints");

    /// <summary>model/.</summary>
    public string ModelFolder => Path.Combine(Folder, "model");

    /// <summary>eval.json.</summary>
    public string EvalPath => Path.Combine(Folder, "eval.json");

    /// <summary>The path of a periodic checkpoint of <paramref name="stage"/> at <paramref name="iteration"/>, or of its end.</summary>
    public string CheckpointPath(TrainingStage stage, int iteration, bool stageEnd) =>
        Path.Combine(CheckpointFolder, $"{stage.ToString().ToLowerInvariant()}-{(stageEnd ? "end" : iteration.ToString("D6"))}.npz");

    /// <summary>
    /// What <paramref name="checkpoint"/> (a file of <see cref="CheckpointFolder"/>, e.g. <c>CheckpointPath(TrainingStage.Mouth,
    /// 0, stageEnd: true)</c>) saved: both branches as they stood, read with this run's settings on <paramref name="dataset"/>.
    /// </summary>
    public TrainingState LoadState(string checkpoint, TalkingDataset dataset, ComputeDevice device)
    {
        if (!File.Exists(checkpoint))
            throw new FileNotFoundException($"{checkpoint}: no such checkpoint; {CheckpointFolder} keeps every stage's end and the newest periodic ones.", checkpoint);
        var (settings, _) = ReadSettings();
        using var context = new TrainingContext(settings, dataset, device);
        return TrainingCheckpoint.Load(checkpoint, context, TrainingState.For(settings)).State;
    }

    /// <summary>The newest checkpoint, or null when there is none.</summary>
    public string? LatestCheckpoint()
    {
        string pointer = Path.Combine(CheckpointFolder, "latest");
        if (!File.Exists(pointer)) return null;
        string path = Path.Combine(CheckpointFolder, File.ReadAllText(pointer).Trim());
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// Writes a checkpoint, then points <c>latest</c> at it (both atomically: a crash leaves the previous pair intact).
    /// Every stage's end checkpoint is kept, and the newest <paramref name="keep"/> periodic ones.
    /// </summary>
    public string WriteCheckpoint(TrainingState state, IStageRunner? runner, bool stageEnd, long logBytes,
        IReadOnlyDictionary<string, double> seconds, int keep = 2)
    {
        string path = CheckpointPath(state.Stage, state.Iteration, stageEnd);
        long validationBytes = File.Exists(ValidationPath) ? new FileInfo(ValidationPath).Length : 0;
        TrainingCheckpoint.Save(path, state, runner, logBytes, validationBytes, seconds);
        AtomicFile.WriteAllText(Path.Combine(CheckpointFolder, "latest"), Path.GetFileName(path));
        var periodic = Directory.GetFiles(CheckpointFolder, "*.npz")
            .Where(p => p != path && !p.EndsWith("-end.npz", StringComparison.Ordinal))
            .OrderBy(File.GetLastWriteTimeUtc).ToList();
        for (int i = 0; i < periodic.Count - (keep - 1); i++) File.Delete(periodic[i]);
        return path;
    }

    /// <summary>Deletes temporary files a killed process left in checkpoints/ (a checkpoint it was writing, never renamed).</summary>
    public int DeleteUnfinishedCheckpoints()
    {
        if (!Directory.Exists(CheckpointFolder)) return 0;
        var stale = Directory.GetFiles(CheckpointFolder, ".*.tmp", TemporaryFiles);
        foreach (var f in stale) File.Delete(f);
        return stale.Length;
    }

    /// <summary>
    /// How temporary files are found: MatchType.Simple, because the default Win32 matching reads "." next to "*" as a DOS
    /// wildcard; and hidden files included, because .NET counts Unix dot-files as hidden and would skip them.
    /// </summary>
    public static EnumerationOptions TemporaryFiles { get; } = new() { MatchType = MatchType.Simple, AttributesToSkip = 0 };

    /// <summary>Writes settings.json: the resolved settings plus what the run derived (<paramref name="derived"/>).</summary>
    public void WriteSettings(TrainingSettings settings, string dataset, string device, JsonObject derived)
    {
        var root = new JsonObject
        {
            ["dataset"] = dataset,
            ["device"] = device,
            ["derived"] = derived,
            ["settings"] = JsonNode.Parse(TrainingSettingsJson.Serialize(settings)),
        };
        AtomicFile.WriteAllText(SettingsPath, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Cuts validation.jsonl back to <paramref name="bytes"/> (what a checkpoint had), so a resumed run does not repeat lines.</summary>
    public void CutValidation(long? bytes)
    {
        if (bytes is not long keep || !File.Exists(ValidationPath)) return;
        using var stream = new FileStream(ValidationPath, FileMode.Open, FileAccess.Write);
        stream.SetLength(Math.Min(keep, stream.Length));
    }

    /// <summary>What the run derived from the data when it started (settings.json's <c>derived</c>), e.g. <c>perceptual_loss</c>.</summary>
    public JsonObject ReadDerived()
    {
        ReadSettings(); // the same checks and errors
        return JsonNode.Parse(File.ReadAllText(SettingsPath))?["derived"] as JsonObject ?? [];
    }

    /// <summary>Reads settings.json back: the settings and the dataset folder.</summary>
    public (TrainingSettings Settings, string Dataset) ReadSettings()
    {
        if (!File.Exists(SettingsPath))
            throw new TrainingSettingsException($"{SettingsPath}: not found; {Folder} is not a training run (tg train DATA --out RUN makes one).");
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllText(SettingsPath)); }
        catch (JsonException e) { throw new TrainingSettingsException($"{SettingsPath}: not valid JSON ({e.Message})."); }
        string dataset = root?["dataset"]?.GetValue<string>() ?? throw new TrainingSettingsException($"{SettingsPath}: no 'dataset' entry.");
        var settings = root["settings"] ?? throw new TrainingSettingsException($"{SettingsPath}: no 'settings' entry.");
        return (TrainingSettingsJson.Deserialize(settings.ToJsonString(), SettingsPath), dataset);
    }
}
