using TalkingGaussian.Data;

namespace TalkingGaussian.Training.Sampling;

/// <summary>One window's check of a sampled frame: the window's bounds at that iteration and the frame's metric.</summary>
public readonly record struct WindowCheck(string Name, FrameMetric Metric, double Value, double Lower, double Upper);

/// <summary>
/// What the sampler chose at one iteration: the frame, every window in force with the frame's metric value, how many
/// drawn frames were rejected first, and whether no frame fitted (then the nearest one was taken).
/// </summary>
public sealed record SampledFrame(int Iteration, TalkingFrame Frame, IReadOnlyList<WindowCheck> Windows, int Rejections, bool Fallback)
{
    /// <summary>True when no window applied (a uniform draw).</summary>
    public bool Uniform => Windows.Count == 0;
}
