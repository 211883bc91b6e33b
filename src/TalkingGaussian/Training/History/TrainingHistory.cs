using System.Text.Json;
using TalkingGaussian.Training.Sampling;
using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Training.History;

/// <summary>
/// What a run did, iteration by iteration and validation by validation, in memory: collected from a
/// <see cref="Trainer"/>'s callbacks while it trains (<see cref="Add(StepRecord)"/>, <see cref="Add(ValidationScores)"/>),
/// or read back from a run folder's log.jsonl and validation.jsonl (<see cref="Read"/>). Both give the same entries, so
/// notebooks draw a run they trained and a run <c>tg train</c> wrote the same way.
/// </summary>
public sealed class TrainingHistory
{
    private readonly List<IterationEntry> _iterations = [];
    private readonly List<ValidationEntry> _validations = [];

    /// <summary>Every iteration, in the order they ran.</summary>
    public IReadOnlyList<IterationEntry> Iterations => _iterations;

    /// <summary>Every validation, in the order they ran.</summary>
    public IReadOnlyList<ValidationEntry> Validations => _validations;

    /// <summary>Appends a copy of <paramref name="record"/> (usable as <see cref="Trainer.Iterated"/>).</summary>
    public void Add(StepRecord record) => _iterations.Add(IterationEntry.Of(record));

    /// <summary>Appends the means of <paramref name="scores"/> (usable as <see cref="Trainer.Validated"/>).</summary>
    public void Add(ValidationScores scores) => _validations.Add(ValidationEntry.Of(scores));

    /// <summary>The iterations of <paramref name="stage"/>.</summary>
    public IReadOnlyList<IterationEntry> Of(TrainingStage stage) => _iterations.Where(e => e.Stage == stage).ToArray();

    /// <summary>The validations of <paramref name="stage"/>.</summary>
    public IReadOnlyList<ValidationEntry> ValidationsOf(TrainingStage stage) => _validations.Where(e => e.Stage == stage).ToArray();

    /// <summary>The stages that ran, in order.</summary>
    public IReadOnlyList<TrainingStage> Stages => _iterations.Select(e => e.Stage).Distinct().ToArray();

    /// <summary>The loss terms <paramref name="stage"/> reported, in the order they first appeared.</summary>
    public IReadOnlyList<string> LossNames(TrainingStage stage)
    {
        var names = new List<string>();
        foreach (var e in _iterations)
            if (e.Stage == stage)
                foreach (var name in e.Losses.Keys)
                    if (!names.Contains(name)) names.Add(name);
        return names;
    }

    /// <summary>
    /// The mean of each value and the <paramref name="window"/> − 1 before it (fewer at the start), skipping NaN: a
    /// per-iteration loss sees one frame at a time, so its curve is noisy and the running mean shows the trend.
    /// </summary>
    public static double[] RunningMean(IReadOnlyList<double> values, int window)
    {
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), $"The window must hold at least one value, got {window}.");
        var result = new double[values.Count];
        double sum = 0;
        int count = 0;
        for (int i = 0; i < values.Count; i++)
        {
            if (!double.IsNaN(values[i])) { sum += values[i]; count++; }
            if (i >= window && !double.IsNaN(values[i - window])) { sum -= values[i - window]; count--; }
            result[i] = count > 0 ? sum / count : double.NaN;
        }
        return result;
    }

    /// <summary>Reads log.jsonl and validation.jsonl of the run folder <paramref name="run"/>.</summary>
    /// <exception cref="InvalidDataException">A line is not what <see cref="TrainingLog"/> writes; the message names the file and the line.</exception>
    public static TrainingHistory Read(TrainingRun run)
    {
        if (!File.Exists(run.LogPath))
            throw new InvalidDataException($"{run.LogPath}: not found; {run.Folder} is not a training run, or it has not started (tg train DATA --out RUN writes it).");
        var history = new TrainingHistory();
        ReadLines(run.LogPath, root => history._iterations.Add(Iteration(root)));
        if (File.Exists(run.ValidationPath)) ReadLines(run.ValidationPath, root => history._validations.Add(Validation(root)));
        return history;
    }

    private static void ReadLines(string path, Action<JsonElement> add)
    {
        int number = 0;
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                add(doc.RootElement);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                // A run still training may be cut mid-line; only a bad line before the last is an error.
                if (reader.Peek() < 0) break;
                throw new InvalidDataException($"{path}, line {number}: not a line tg train writes ({e.Message}). The file is damaged; train the run again.");
            }
        }
    }

    private static IterationEntry Iteration(JsonElement e)
    {
        var losses = new Dictionary<string, float>();
        foreach (var p in e.GetProperty("loss").EnumerateObject()) losses[p.Name] = Float(p.Value);
        var gaussians = e.GetProperty("gaussians");
        int imgId = -1;
        bool fallback = false;
        var windows = new List<WindowCheck>();
        if (e.TryGetProperty("frame", out var frame))
        {
            imgId = frame.GetProperty("img_id").GetInt32();
            fallback = frame.GetProperty("fallback").GetBoolean();
            foreach (var w in frame.GetProperty("windows").EnumerateArray())
                windows.Add(new WindowCheck(w.GetProperty("name").GetString()!, Enum.Parse<FrameMetric>(w.GetProperty("metric").GetString()!),
                    Double(w.GetProperty("value")), Bound(w.GetProperty("lower"), double.NegativeInfinity), Bound(w.GetProperty("upper"), double.PositiveInfinity)));
        }
        (int, int, int)? densified = e.TryGetProperty("densify", out var d)
            ? (d.GetProperty("cloned").GetInt32(), d.GetProperty("split").GetInt32(), d.GetProperty("pruned").GetInt32())
            : null;
        return new IterationEntry(Stage(e), e.GetProperty("it").GetInt32(), e.GetProperty("deformed").GetBoolean(), losses,
            Float(e.GetProperty("total")), Float(e.GetProperty("psnr")), gaussians.GetProperty("face").GetInt32(),
            gaussians.GetProperty("mouth").GetInt32(), imgId, windows, fallback, densified,
            e.TryGetProperty("background_gaussians", out var bg) ? bg.GetInt32() : 0);
    }

    private static ValidationEntry Validation(JsonElement e) => new(Stage(e), e.GetProperty("it").GetInt32(),
        e.GetProperty("compared").GetString() ?? "", Double(e.GetProperty("psnr")), Double(e.GetProperty("ssim")),
        Double(e.GetProperty("lips_psnr")), e.GetProperty("frames").GetInt32());

    private static TrainingStage Stage(JsonElement e) => Enum.Parse<TrainingStage>(e.GetProperty("stage").GetString()!, ignoreCase: true);

    // TrainingLog writes non-finite numbers as null.
    private static float Float(JsonElement v) => v.ValueKind == JsonValueKind.Null ? float.NaN : v.GetSingle();

    private static double Double(JsonElement v) => v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble();

    // An open window end (the mouth's "AU25 ≥ hi" has no upper bound) is written as null too.
    private static double Bound(JsonElement v, double open) => v.ValueKind == JsonValueKind.Null ? open : v.GetDouble();
}
