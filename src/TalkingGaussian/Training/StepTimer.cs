using System.Diagnostics;

namespace TalkingGaussian.Training;

/// <summary>The parts of one training iteration that are timed separately (log.jsonl, <c>tg bench train</c>).</summary>
public enum StepPhase
{
    /// <summary>Drawing the frame and getting its images (decode or cache).</summary>
    Data,

    /// <summary>Motion fields: per-frame networks and per-Gaussian forward pass.</summary>
    MotionForward,

    /// <summary>Deformation (Eq. 4) and the rasterizer's forward pass (Eq. 2).</summary>
    RasterForward,

    /// <summary>Targets, photometric loss, regularisers and their gradients.</summary>
    Loss,

    /// <summary>The rasterizer's backward pass and the deformation's.</summary>
    RasterBackward,

    /// <summary>The motion fields' backward pass.</summary>
    MotionBackward,

    /// <summary>Adam and AdamW steps.</summary>
    Optimizer,

    /// <summary>Densification statistics, clone/split/prune and the background prune.</summary>
    Densification,
}

/// <summary>
/// Seconds spent per <see cref="StepPhase"/> in one iteration, wall-clock and process CPU time (every thread of the process:
/// the work a phase cost, which other jobs on a shared machine stretch far less than the elapsed time); reused across
/// iterations (no allocation).
/// </summary>
public sealed class StepTimer
{
    /// <summary>The phases, in the order of a step.</summary>
    public static readonly StepPhase[] Phases = Enum.GetValues<StepPhase>();

    private readonly double[] _seconds = new double[Phases.Length], _cpuSeconds = new double[Phases.Length];
    private long _mark;
    private TimeSpan _cpuMark;

    /// <summary>Wall-clock seconds of <paramref name="phase"/> since the last <see cref="Clear"/>.</summary>
    public double this[StepPhase phase] => _seconds[(int)phase];

    /// <summary>Wall-clock seconds of all phases.</summary>
    public double Total => Sum(_seconds);

    /// <summary>Process CPU seconds of <paramref name="phase"/> since the last <see cref="Clear"/>.</summary>
    public double Cpu(StepPhase phase) => _cpuSeconds[(int)phase];

    /// <summary>Process CPU seconds of all phases.</summary>
    public double CpuTotal => Sum(_cpuSeconds);

    /// <summary>Zeroes every phase and starts the clocks.</summary>
    public void Clear()
    {
        Array.Clear(_seconds);
        Array.Clear(_cpuSeconds);
        _mark = Stopwatch.GetTimestamp();
        _cpuMark = Environment.CpuUsage.TotalTime;
    }

    /// <summary>Charges the time since the last mark to <paramref name="phase"/> and sets a new mark.</summary>
    public void Lap(StepPhase phase)
    {
        long now = Stopwatch.GetTimestamp();
        var cpu = Environment.CpuUsage.TotalTime;
        _seconds[(int)phase] += (now - _mark) / (double)Stopwatch.Frequency;
        _cpuSeconds[(int)phase] += (cpu - _cpuMark).TotalSeconds;
        _mark = now;
        _cpuMark = cpu;
    }

    private static double Sum(double[] values)
    {
        double s = 0;
        foreach (double v in values) s += v;
        return s;
    }
}
