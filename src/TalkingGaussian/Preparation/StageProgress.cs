using System.Diagnostics;

namespace TalkingGaussian.Preparation;

/// <summary>
/// Progress of one stage over a known number of items: a line about every two seconds and at the end, with the rate
/// and the time left ("landmarks: 120/200 frames (60%), 3.1 s, ETA 2.0 s").
/// </summary>
public sealed class StageProgress(string stage, int total, Action<string> log, string unit = "frames")
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastReport;

    /// <summary>Seconds since the stage started.</summary>
    public double Seconds => _clock.Elapsed.TotalSeconds;

    /// <summary>Reports that <paramref name="done"/> items are finished.</summary>
    public void Report(int done)
    {
        long now = _clock.ElapsedMilliseconds;
        if (done < total && now - _lastReport < 2000) return;
        _lastReport = now;
        double s = now / 1000.0;
        string eta = done > 0 && done < total ? $", ETA {s / done * (total - done):F1} s" : "";
        log($"{stage}: {done}/{total} {unit} ({(total == 0 ? 100 : 100L * done / total)}%), {s:F1} s{eta}");
    }
}
