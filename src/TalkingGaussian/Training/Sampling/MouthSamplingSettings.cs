namespace TalkingGaussian.Training.Sampling;

/// <summary>
/// The inside-mouth branch's incremental sampling (paper §3.3; released <c>train_mouth.py</c>, original-code.md §5.2):
/// during warm-up only the widest-open frames (AU25 at its 95th percentile); after it a window over AU25 that keeps its
/// upper end at the widest opening and lowers its lower end to the 25th percentile by <see cref="SweepFraction"/> of the
/// stage, on every K-th iteration; and, on every iteration until then, at least <see cref="MinMouthPixels"/> inside-mouth
/// pixels in the frame's mask.
/// </summary>
public sealed record MouthSamplingSettings
{
    /// <summary>Use the windows; false samples every frame uniformly.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>K of the AU25 window (7).</summary>
    public int Interval { get; init; } = 7;

    /// <summary>The AU25 window's lower end reaches the 25th percentile, and the windows stop, at this fraction (39,000 / 50,000).</summary>
    public float SweepFraction { get; init; } = 0.78f;

    /// <summary>Frames need at least this many inside-mouth pixels after warm-up (20); 0 turns the rule off.</summary>
    public int MinMouthPixels { get; init; } = 20;
}
