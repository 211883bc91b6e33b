using TalkingGaussian.Data;

namespace TalkingGaussian.Training.Sampling;

/// <summary>
/// The released schedules written as <see cref="SamplingWindow"/>s, scaled to a stage of any length (original-code.md
/// §5.1, §5.2). With the released 50,000 iterations they give exactly the released windows.
/// </summary>
public static class SamplerPresets
{
    /// <summary>
    /// Face: for k &lt; warm-up, lips opening ∈ [c_k − w, c_k + w] with c_k = G + (k/S)(ub − G), G = lb + 0.2(ub − lb),
    /// w = 0.2(ub − G); for warm-up &lt; k &lt; S, blink ∈ [k/S − 0.15, k/S + 0.30]; both on k mod 15 = 0, S = 0.8·iterations.
    /// <paramref name="split"/> supplies lb and ub (the split's smallest and largest inner-lip opening).
    /// </summary>
    public static IReadOnlyList<SamplingWindow> Face(TalkingSplit split, FaceSamplingSettings settings, int iterations, int warmUp)
    {
        if (!settings.Enabled) return [];
        Check(iterations, warmUp, settings.SweepFraction, settings.Interval);
        double lb = split.MouthOpeningMin, ub = split.MouthOpeningMax;
        double sweep = settings.SweepFraction * iterations;
        double centre = lb + settings.LipsCentreStart * (ub - lb);
        double halfWidth = settings.LipsHalfWidth * (ub - centre);
        double lipsStep = (ub - centre) / sweep;
        return
        [
            new SamplingWindow("lips opening", FrameMetric.MouthOpening, centre - halfWidth, centre + halfWidth, lipsStep, lipsStep,
                settings.Interval, 0, Math.Min(warmUp, (int)sweep)),
            new SamplingWindow("blink (AU45)", FrameMetric.Blink, settings.BlinkLower, settings.BlinkUpper, 1 / sweep, 1 / sweep,
                settings.Interval, After(warmUp, sweep), (int)sweep),
        ];
    }

    /// <summary>
    /// Mouth: for k &lt; warm-up, AU25 ∈ [hi, ∞) every iteration (the widest ~5 %); for warm-up &lt; k &lt; S,
    /// AU25 ∈ [hi − (k/S)(hi − p25), hi] on k mod 7 = 0 and inside-mouth pixels ≥ 20 on every iteration, S = 0.78·iterations.
    /// hi is AU25's 95th percentile and p25 the 25th of the clipped column, over the whole video (<paramref name="actionUnits"/>).
    /// </summary>
    public static IReadOnlyList<SamplingWindow> Mouth(ActionUnitFeatures actionUnits, MouthSamplingSettings settings, int iterations, int warmUp)
    {
        if (!settings.Enabled) return [];
        Check(iterations, warmUp, settings.SweepFraction, settings.Interval);
        // The clipped AU25 of a frame is stored as float; compare against the float bounds so "a ≥ hi" admits the frames at hi.
        double hi = (float)actionUnits.Au25Max, p25 = (float)actionUnits.Au25P25;
        double sweep = settings.SweepFraction * iterations;
        var windows = new List<SamplingWindow>
        {
            new("widest mouths (AU25)", FrameMetric.Au25, hi, double.PositiveInfinity, 0, 0, 1, 0, Math.Min(warmUp, (int)sweep)),
            new("lips parting (AU25)", FrameMetric.Au25, hi, hi, -(hi - p25) / sweep, 0, settings.Interval, After(warmUp, sweep), (int)sweep),
        };
        if (settings.MinMouthPixels > 0)
            windows.Add(new SamplingWindow("inside-mouth pixels", FrameMetric.MouthPixels, settings.MinMouthPixels, double.PositiveInfinity,
                0, 0, 1, After(warmUp, sweep), (int)sweep));
        return windows;
    }

    /// <summary>The first iteration after warm-up (strictly after, as released), or the sweep's end when warm-up outlasts it (the window never applies).</summary>
    private static int After(int warmUp, double sweep) => Math.Min(warmUp + 1, (int)sweep);

    private static void Check(int iterations, int warmUp, float sweepFraction, int interval)
    {
        if (iterations < 1) throw new ArgumentOutOfRangeException(nameof(iterations), $"A stage needs at least one iteration, got {iterations}.");
        if (warmUp < 0 || warmUp > iterations) throw new ArgumentOutOfRangeException(nameof(warmUp), $"Warm-up {warmUp} must lie in [0, {iterations}].");
        if (!(sweepFraction > 0 && sweepFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(sweepFraction), $"The sweep fraction must lie in (0, 1], got {sweepFraction}.");
        if (interval < 1) throw new ArgumentOutOfRangeException(nameof(interval), $"The sampling interval K must be ≥ 1, got {interval}.");
    }
}
