using TalkingGaussian.Data;

namespace TalkingGaussian.Training.Sampling;

/// <summary>
/// The incremental sampling strategy of paper §3.2 (Eq. 5). Frames are drawn as the released trainers draw cameras: pop a
/// random frame from a shuffled stack, refilled when empty. On an iteration where windows apply, drawn frames whose metric
/// lies outside any window are discarded and the next one is drawn, until one fits all windows. When a whole stack's worth
/// of consecutive draws fits nowhere, the frame of the split nearest to the windows is taken (the released code would loop
/// forever) and the draw is marked as a fallback.
/// </summary>
/// <remarks>
/// The state that decides the next draws (<see cref="Order"/>, <see cref="Position"/>, <see cref="Random"/>) is public so
/// that checkpoints can save and restore it.
/// </remarks>
public sealed class IncrementalSampler
{
    private readonly IReadOnlyList<TalkingFrame> _frames;
    private readonly FrameMetrics _metrics;
    private readonly List<SamplingWindow> _active = [];
    private readonly List<WindowCheck> _checks = [];

    /// <summary>A sampler over <paramref name="frames"/> with <paramref name="windows"/> (none: uniform sampling).</summary>
    public IncrementalSampler(IReadOnlyList<TalkingFrame> frames, IReadOnlyList<SamplingWindow> windows, FrameMetrics metrics, TrainingRandom random)
    {
        if (frames.Count == 0) throw new ArgumentException("The sampler needs at least one frame.", nameof(frames));
        _frames = frames;
        _metrics = metrics;
        Windows = windows.Select(w => w.Validated()).ToArray();
        Random = random;
        Order = new int[frames.Count];
        Position = Order.Length; // empty stack: the first draw shuffles
    }

    /// <summary>The windows, in the order they are checked.</summary>
    public IReadOnlyList<SamplingWindow> Windows { get; }

    /// <summary>The generator of the shuffles.</summary>
    public TrainingRandom Random { get; }

    /// <summary>The current shuffled stack (frame indices); entries from <see cref="Position"/> on are still to be drawn.</summary>
    public int[] Order { get; }

    /// <summary>Index of the next entry of <see cref="Order"/> to draw.</summary>
    public int Position { get; set; }

    /// <summary>
    /// The frame the next draw pops first, or null when the stack is spent and the next draw reshuffles. A window may still
    /// reject it; the stages use it as a hint to decode the frame on the cache's background thread during the current step.
    /// </summary>
    public TalkingFrame? Upcoming => Position < Order.Length ? _frames[Order[Position]] : null;

    /// <summary>The windows in force at <paramref name="iteration"/>.</summary>
    public IEnumerable<SamplingWindow> ActiveAt(int iteration) => Windows.Where(w => w.AppliesAt(iteration));

    /// <summary>Draws the frame for <paramref name="iteration"/>.</summary>
    public SampledFrame Next(int iteration)
    {
        _active.Clear();
        foreach (var w in Windows)
            if (w.AppliesAt(iteration)) _active.Add(w);
        if (_active.Count == 0) return new SampledFrame(iteration, _frames[Pop()], [], 0, false);

        for (int rejections = 0; rejections < _frames.Count; rejections++)
        {
            var frame = _frames[Pop()];
            if (Distance(frame, iteration) == 0) return Record(iteration, frame, rejections, false);
        }
        // No fit in a full stack's worth of draws: take the nearest frame of the split (ties: the first).
        TalkingFrame nearest = _frames[0];
        double best = double.PositiveInfinity;
        foreach (var frame in _frames)
        {
            double d = Distance(frame, iteration);
            if (d < best) { best = d; nearest = frame; }
        }
        return Record(iteration, nearest, _frames.Count, best > 0);
    }

    private double Distance(TalkingFrame frame, int iteration)
    {
        double d = 0;
        foreach (var w in _active) d += w.Distance(_metrics.Of(frame, w.Metric), iteration);
        return d;
    }

    private SampledFrame Record(int iteration, TalkingFrame frame, int rejections, bool fallback)
    {
        _checks.Clear();
        foreach (var w in _active)
        {
            var (lo, hi) = w.At(iteration);
            _checks.Add(new WindowCheck(w.Name, w.Metric, _metrics.Of(frame, w.Metric), lo, hi));
        }
        return new SampledFrame(iteration, frame, _checks.ToArray(), rejections, fallback);
    }

    private int Pop()
    {
        if (Position >= Order.Length)
        {
            for (int i = 0; i < Order.Length; i++) Order[i] = i;
            Random.Shuffle(Order);
            Position = 0;
        }
        return Order[Position++];
    }
}
