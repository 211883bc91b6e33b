using System.Diagnostics;

namespace TalkingGaussian.Evaluation;

/// <summary>One stage's share of a timed run.</summary>
/// <param name="Stage">Stage name, in first-seen order.</param>
/// <param name="TotalMs">Milliseconds over all frames.</param>
/// <param name="MsPerFrame">TotalMs / frames.</param>
/// <param name="Share">Fraction of the summed stage time.</param>
public sealed record StageTiming(string Stage, double TotalMs, double MsPerFrame, double Share);

/// <summary>
/// Frames-per-second and per-stage timing for inference and evaluation loops: wrap each stage in
/// <see cref="Begin"/> / <see cref="End"/>, call <see cref="FrameDone"/> once per frame, then read
/// <see cref="FramesPerSecond"/> (frames over the summed stage time, so work outside the stages does not count) and
/// <see cref="Stages"/>. No allocation per call once every stage has been seen.
/// </summary>
public sealed class StageTimer
{
    private readonly List<string> _names = [];
    private readonly List<long> _ticks = [];

    /// <summary>Frames completed.</summary>
    public int Frames { get; private set; }

    /// <summary>A timestamp to pass to <see cref="End"/>.</summary>
    public static long Begin() => Stopwatch.GetTimestamp();

    /// <summary>Adds the time since <paramref name="start"/> to <paramref name="stage"/>.</summary>
    public void End(string stage, long start)
    {
        long elapsed = Stopwatch.GetTimestamp() - start;
        int i = _names.IndexOf(stage);
        if (i < 0)
        {
            _names.Add(stage);
            _ticks.Add(elapsed);
        }
        else
        {
            _ticks[i] += elapsed;
        }
    }

    /// <summary>Counts one finished frame.</summary>
    public void FrameDone() => Frames++;

    /// <summary>Summed stage time in milliseconds.</summary>
    public double TotalMs
    {
        get
        {
            long sum = 0;
            foreach (var t in _ticks) sum += t;
            return sum * 1000.0 / Stopwatch.Frequency;
        }
    }

    /// <summary>Frames per second over the summed stage time (0 before the first frame).</summary>
    public double FramesPerSecond => Frames == 0 || TotalMs <= 0 ? 0 : Frames / (TotalMs / 1000.0);

    /// <summary>Every stage with its total, per-frame time and share.</summary>
    public IReadOnlyList<StageTiming> Stages
    {
        get
        {
            double total = TotalMs;
            var result = new StageTiming[_names.Count];
            for (int i = 0; i < _names.Count; i++)
            {
                double ms = _ticks[i] * 1000.0 / Stopwatch.Frequency;
                result[i] = new StageTiming(_names[i], ms, Frames == 0 ? 0 : ms / Frames, total > 0 ? ms / total : 0);
            }
            return result;
        }
    }
}
