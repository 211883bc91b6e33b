namespace TalkingGaussian.Training.Sampling;

/// <summary>
/// One sliding window of the incremental sampler (paper Eq. 5): at iteration k a frame j may be used only if
/// m_j ∈ [B_lower + k·T_lower, B_upper + k·T_upper]. The paper moves both bounds by one step T; the released mouth schedule
/// moves only the lower one, so each bound has its own step. The window is enforced on iterations
/// <see cref="From"/> ≤ k &lt; <see cref="Until"/> with k mod K = 0 (K = <see cref="Interval"/>), "to avoid catastrophic
/// forgetting"; other iterations sample uniformly.
/// </summary>
/// <param name="Name">What the window schedules, for logs and charts (e.g. "lips opening").</param>
/// <param name="Metric">The metric m it reads.</param>
/// <param name="Lower">B_lower, the lower bound at k = 0.</param>
/// <param name="Upper">B_upper, the upper bound at k = 0 (may be +∞).</param>
/// <param name="LowerStep">T for the lower bound, per iteration.</param>
/// <param name="UpperStep">T for the upper bound, per iteration.</param>
/// <param name="Interval">K: the window applies on every K-th iteration.</param>
/// <param name="From">First iteration it applies to.</param>
/// <param name="Until">Iteration it stops applying at (exclusive).</param>
public sealed record SamplingWindow(string Name, FrameMetric Metric, double Lower, double Upper, double LowerStep, double UpperStep,
    int Interval, int From, int Until)
{
    /// <summary>Checks the window can ever admit a frame and is scheduled sensibly; throws with the reason.</summary>
    public SamplingWindow Validated()
    {
        if (double.IsNaN(Lower) || double.IsNaN(Upper) || double.IsNaN(LowerStep) || double.IsNaN(UpperStep))
            throw new ArgumentException($"Sampling window '{Name}' has a NaN bound or step.");
        if (Lower > Upper)
            throw new ArgumentException($"Sampling window '{Name}': B_lower = {Lower} is above B_upper = {Upper}; swap them.");
        if (Interval < 1) throw new ArgumentException($"Sampling window '{Name}': the interval K must be ≥ 1, got {Interval}.");
        if (From < 0 || Until < From)
            throw new ArgumentException($"Sampling window '{Name}': iterations [{From}, {Until}) are not a range.");
        var (lo, hi) = At(Math.Max(From, Until - 1));
        if (lo > hi)
            throw new ArgumentException($"Sampling window '{Name}': its bounds cross before iteration {Until} (lower {lo} > upper {hi}); reduce the steps.");
        return this;
    }

    /// <summary>Whether the window is enforced at iteration <paramref name="k"/>.</summary>
    public bool AppliesAt(int k) => k >= From && k < Until && k % Interval == 0;

    /// <summary>The bounds at iteration <paramref name="k"/>: [B_lower + k·T_lower, B_upper + k·T_upper].</summary>
    public (double Lower, double Upper) At(int k) => (Lower + k * LowerStep, Upper + k * UpperStep);

    /// <summary>How far <paramref name="value"/> lies outside the window at <paramref name="k"/> (0 inside).</summary>
    public double Distance(double value, int k)
    {
        var (lo, hi) = At(k);
        return value < lo ? lo - value : value > hi ? value - hi : 0;
    }
}
