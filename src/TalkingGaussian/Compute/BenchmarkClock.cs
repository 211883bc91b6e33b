using System.Diagnostics;

namespace TalkingGaussian.Compute;

/// <summary>Wall-clock and process CPU time of one call, in milliseconds.</summary>
/// <param name="WallMs">Elapsed time.</param>
/// <param name="CpuMs">CPU time of every thread of the process during the call: the work it cost, which other jobs on a shared
/// machine stretch far less than the elapsed time (their cache traffic still counts).</param>
public readonly record struct CallTime(double WallMs, double CpuMs);

/// <summary>The timing the <c>tg bench</c> commands share: one call's <see cref="CallTime"/>, and medians.</summary>
public static class BenchmarkClock
{
    /// <summary>Times one call of <paramref name="action"/>.</summary>
    public static CallTime Measure(Action action)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        long start = Stopwatch.GetTimestamp();
        action();
        long end = Stopwatch.GetTimestamp();
        return new CallTime(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds, (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds);
    }

    /// <summary>Medians of the wall and CPU times (each taken separately).</summary>
    public static CallTime Median(IReadOnlyList<CallTime> times)
    {
        var wall = new double[times.Count];
        var cpu = new double[times.Count];
        for (int i = 0; i < times.Count; i++) (wall[i], cpu[i]) = (times[i].WallMs, times[i].CpuMs);
        return new CallTime(Median(wall), Median(cpu));
    }

    private static double Median(double[] v)
    {
        Array.Sort(v);
        return v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[v.Length / 2 - 1] + v[v.Length / 2]);
    }
}
