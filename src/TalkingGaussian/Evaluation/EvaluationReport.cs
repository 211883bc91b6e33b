using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TalkingGaussian.Evaluation;

/// <summary>The scores of one frame pair; null where the input for a metric is missing.</summary>
public sealed record FrameScores(
    int Frame, double Psnr, double Ssim, double? Lpips, double? LipsPsnr, double? Lmd, double? MouthArea, double? TruthMouthArea, double? JawOpen);

/// <summary>One metric over a run: its mean over frames, or why it was not computed.</summary>
/// <param name="Value">Mean over the frames that had it; null when unavailable.</param>
/// <param name="Frames">Frames that contributed.</param>
/// <param name="Unavailable">Why there is no value (missing weights, landmarks or truth); null when there is one.</param>
public sealed record MetricValue(double? Value, int Frames, string? Unavailable)
{
    /// <summary>A mean over per-frame values (NaN frames, e.g. an empty lips crop, are skipped).</summary>
    public static MetricValue Mean(IEnumerable<double?> perFrame, string reasonIfNone)
    {
        double sum = 0;
        int n = 0;
        foreach (var v in perFrame)
            if (v is { } x && !double.IsNaN(x)) { sum += x; n++; }
        return n == 0 ? new MetricValue(null, 0, reasonIfNone) : new MetricValue(sum / n, n, null);
    }
}

/// <summary>
/// The result of <c>tg eval</c>: run-level metrics and every frame's scores. Metrics (README "Evaluation"):
/// PSNR and LPIPS as the released metrics.py, SSIM (11×11 Gaussian, σ 1.5), the lips-rectangle PSNR, the mouth LMD, and
/// the lip-sync score: Pearson's r over frames between the predicted frames' inner-mouth area and the generator's jaw
/// opening, with <see cref="LipSyncCeiling"/> the same r for the ground-truth frames (what a perfect render reaches).
/// </summary>
public sealed record EvaluationReport(
    string Predicted, string Truth, int Width, int Height, int Frames, int PredictedFrames, int TruthFrames,
    MetricValue Psnr, MetricValue Ssim, MetricValue Lpips, MetricValue LipsPsnr, MetricValue Lmd,
    MetricValue LipSync, MetricValue LipSyncCeiling, double SecondsPerFrame, IReadOnlyList<FrameScores> PerFrame)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // readable reasons (apostrophes, ×) in a file, not HTML
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The report as indented JSON (snake_case keys; +∞ PSNR of identical frames as "Infinity").</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>A plain-text table: one metric per line with its value, frames and, where missing, the reason.</summary>
    public string ToTable()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Frames} frames of {Width}×{Height} ({Predicted} against {Truth})\n");
        sb.Append("metric                 value      frames\n");
        Row(sb, "PSNR (dB)", Psnr, "F2");
        Row(sb, "SSIM", Ssim, "F4");
        Row(sb, "LPIPS (alex)", Lpips, "F4");
        Row(sb, "lips PSNR (dB)", LipsPsnr, "F2");
        Row(sb, "LMD mouth (px)", Lmd, "F3");
        Row(sb, "lip-sync r", LipSync, "F3");
        Row(sb, "lip-sync r, GT", LipSyncCeiling, "F3");
        if (PredictedFrames != TruthFrames)
            sb.Append(CultureInfo.InvariantCulture, $"note: {PredictedFrames} predicted and {TruthFrames} ground-truth frames; the first {Frames} were compared\n");
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string name, MetricValue m, string format)
    {
        var ic = CultureInfo.InvariantCulture;
        sb.Append(name.PadRight(22)).Append(' ');
        if (m.Value is { } v) sb.Append(v.ToString(format, ic).PadLeft(10)).Append(' ').Append(m.Frames.ToString(ic).PadLeft(8)).Append('\n');
        else sb.Append("n/a".PadLeft(10)).Append("          ").Append(m.Unavailable).Append('\n');
    }
}
