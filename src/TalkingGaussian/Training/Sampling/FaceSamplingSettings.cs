namespace TalkingGaussian.Training.Sampling;

/// <summary>
/// The face branch's incremental sampling (paper §3.3; released <c>train_face.py</c>, original-code.md §5.1, §10.10):
/// during warm-up a window over the lips opening slides from nearly closed towards open; after it a window over the blink
/// slides from open eyes towards closed ones. Both apply on every K-th iteration and stop at <see cref="SweepFraction"/>
/// of the stage. Fractions make the schedule fit any stage length (released: 50,000 iterations).
/// </summary>
public sealed record FaceSamplingSettings
{
    /// <summary>Use the windows; false samples every frame uniformly (the ablation of the paper's Table 3).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>K: the windows apply on every K-th iteration (15).</summary>
    public int Interval { get; init; } = 15;

    /// <summary>The windows reach their end and stop at this fraction of the stage (40,000 / 50,000 = 0.8).</summary>
    public float SweepFraction { get; init; } = 0.8f;

    /// <summary>Lips window centre at k = 0: G = lb + c·(ub − lb), with lb, ub the split's smallest and largest opening (c = 0.2).</summary>
    public float LipsCentreStart { get; init; } = 0.2f;

    /// <summary>Half width w = h·(ub − G) of the lips window (h = 0.2).</summary>
    public float LipsHalfWidth { get; init; } = 0.2f;

    /// <summary>Blink window lower bound at k = 0 (−0.15); it reaches 1 − 0.15 at the sweep's end.</summary>
    public float BlinkLower { get; init; } = -0.15f;

    /// <summary>Blink window upper bound at k = 0 (0.30).</summary>
    public float BlinkUpper { get; init; } = 0.30f;
}
