using System.Text.Json;

namespace TalkingGaussian.Training;

/// <summary>
/// log.jsonl: one JSON object per iteration with every loss term, the training-frame PSNR, Gaussian counts, the sampled
/// frame with the windows in force and its metric values, learning rates, densification events and seconds per part of
/// the step. Non-finite numbers are written as null. A resumed run cuts the file back to the checkpoint's length first.
/// </summary>
public sealed class TrainingLog : IDisposable
{
    /// <summary>The JSON names of the phases and stages, made once rather than per line.</summary>
    private static readonly string[] PhaseNames = Array.ConvertAll(StepTimer.Phases, p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.ToString()));
    private static readonly string[] StageNames = Array.ConvertAll(Enum.GetValues<Settings.TrainingStage>(), s => s.ToString().ToLowerInvariant());

    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _json;

    /// <summary>Opens <paramref name="path"/> for appending, first cutting it to <paramref name="keepBytes"/> (0: a new log).</summary>
    public TrainingLog(string path, long keepBytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1 << 16);
        _stream.SetLength(Math.Min(keepBytes, _stream.Length));
        _stream.Position = _stream.Length;
        _json = new Utf8JsonWriter(_stream);
    }

    /// <summary>Bytes of the log that are on disk after <see cref="Flush"/>.</summary>
    public long Bytes
    {
        get
        {
            _json.Flush();
            return _stream.Position;
        }
    }

    /// <summary>Appends one iteration.</summary>
    public void Write(StepRecord r)
    {
        var w = _json;
        w.Reset(_stream);
        w.WriteStartObject();
        w.WriteString("stage", StageNames[(int)r.Stage]);
        w.WriteNumber("it", r.Iteration);
        w.WriteBoolean("deformed", r.Deformed);
        w.WriteStartObject("loss");
        foreach (var (name, value) in r.Losses) Number(w, name, value);
        w.WriteEndObject();
        Number(w, "total", r.Total);
        Number(w, "psnr", r.Psnr);
        w.WriteStartObject("gaussians");
        w.WriteNumber("face", r.FaceGaussians);
        w.WriteNumber("mouth", r.MouthGaussians);
        w.WriteEndObject();
        if (r.Sample is { } s)
        {
            w.WriteStartObject("frame");
            w.WriteNumber("img_id", s.Frame.ImgId);
            w.WriteNumber("rejections", s.Rejections);
            w.WriteBoolean("fallback", s.Fallback);
            w.WriteStartArray("windows");
            foreach (var c in s.Windows)
            {
                w.WriteStartObject();
                w.WriteString("name", c.Name);
                w.WriteString("metric", c.Metric.ToString());
                Number(w, "value", c.Value);
                Number(w, "lower", c.Lower);
                Number(w, "upper", c.Upper);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteStartObject("lr");
        Number(w, "xyz", r.PositionLearningRate);
        Number(w, "motion_factor", r.MotionFactor);
        w.WriteEndObject();
        if (r.Densified is { } d)
        {
            w.WriteStartObject("densify");
            w.WriteNumber("cloned", d.Cloned);
            w.WriteNumber("split", d.Split);
            w.WriteNumber("pruned", d.Pruned);
            w.WriteEndObject();
        }
        if (r.BackgroundGaussians > 0) w.WriteNumber("background_gaussians", r.BackgroundGaussians);
        w.WriteStartObject("seconds");
        for (int p = 0; p < PhaseNames.Length; p++) Number(w, PhaseNames[p], r.Timer[StepTimer.Phases[p]]);
        Number(w, "total", r.Timer.Total);
        w.WriteEndObject();
        w.WriteEndObject();
        w.Flush();
        _stream.WriteByte((byte)'\n');
    }

    /// <summary>Writes buffered lines to the disk.</summary>
    public void Flush()
    {
        _json.Flush();
        _stream.Flush(flushToDisk: true);
    }

    internal static void Number(Utf8JsonWriter w, string name, float value)
    {
        if (float.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }

    internal static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Flush();
        _json.Dispose();
        _stream.Dispose();
    }
}
