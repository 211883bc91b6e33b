using System.Diagnostics;
using System.Globalization;
using System.Text;
using TalkingGaussian.Training;

namespace TalkingGaussian.Cli;

/// <summary>
/// The progress display of <c>tg train</c>: on a terminal one status line rewritten in place (stage, iteration, it/s, ETA,
/// loss terms, PSNR, Gaussians); when output is redirected, a plain line about every ten seconds. Messages and validations
/// are printed on lines of their own.
/// </summary>
internal sealed class TrainingConsole(bool quiet)
{
    private readonly bool _terminal = !Console.IsOutputRedirected;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _lastPrint = double.NegativeInfinity;
    private int _lineLength;
    private readonly StringBuilder _line = new();

    public void Iterated(StepRecord r, TrainingProgress p)
    {
        if (quiet) return;
        double now = _clock.Elapsed.TotalSeconds;
        bool last = p.Done == p.Iterations;
        if (!last && now - _lastPrint < (_terminal ? 0.25 : 10)) return;
        _lastPrint = now;
        var s = _line.Clear();
        var inv = CultureInfo.InvariantCulture;
        s.Append(inv, $"{r.Stage.ToString().ToLowerInvariant(),-5} {p.Done,6}/{p.Iterations} {p.PerSecond,6:F1} it/s ETA {Eta(p.SecondsLeft)}");
        s.Append(inv, $"  loss {r.Total:F4} (");
        bool first = true;
        foreach (var (name, value) in r.Losses)
        {
            if (!first) s.Append(' ');
            s.Append(inv, $"{name} {value:G3}");
            first = false;
        }
        s.Append(inv, $")  psnr {r.Psnr:F1}  gaussians {r.FaceGaussians + r.MouthGaussians}");
        if (_terminal)
        {
            string text = s.ToString();
            int width = Math.Max(40, SafeWidth() - 1);
            if (text.Length > width) text = text[..width];
            Console.Write("\r" + text.PadRight(_lineLength));
            _lineLength = text.Length;
            if (last) EndLine();
        }
        else Console.WriteLine(s.ToString());
    }

    public void Validated(ValidationScores v)
    {
        if (quiet) return;
        EndLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  val {v.Stage.ToString().ToLowerInvariant()} @ {v.Iteration}: PSNR {v.MeanPsnr:F2} dB, SSIM {v.MeanSsim:F4}, lips PSNR {v.MeanLipsPsnr:F2} dB ({v.ImgIds.Length} frames; {v.Compared})"));
    }

    public void Message(string text)
    {
        if (quiet) return;
        EndLine();
        Console.WriteLine(text);
    }

    public void Summary(TrainingResult result)
    {
        EndLine();
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"run: {result.Run.Folder}");
        foreach (var (stage, seconds) in result.Seconds) Console.WriteLine(string.Create(inv, $"  {stage}: {seconds:F0} s"));
        if (result.Evaluation is { } e)
            Console.WriteLine(string.Create(inv, $"  held-out (val, fused): PSNR {e.Psnr:F2} dB, SSIM {e.Ssim:F4}, lips PSNR {e.LipsPsnr:F2} dB, LPIPS {(e.Lpips is double l ? l.ToString("F4", inv) : "unavailable")} → {result.Run.EvalPath}"));
        Console.WriteLine(string.Create(inv, $"  peak resident memory: {result.PeakWorkingSetBytes / 1e6:F0} MB"));
    }

    private void EndLine()
    {
        if (!_terminal || _lineLength == 0) return;
        Console.WriteLine();
        _lineLength = 0;
    }

    private static string Eta(double seconds) =>
        !double.IsFinite(seconds) ? "--" : seconds >= 3600 ? $"{seconds / 3600:F1}h" : seconds >= 60 ? $"{(int)(seconds / 60)}m{(int)seconds % 60:D2}s" : $"{seconds:F0}s";

    private static int SafeWidth()
    {
        try { return Console.WindowWidth; }
        catch (IOException) { return 120; }
    }
}
