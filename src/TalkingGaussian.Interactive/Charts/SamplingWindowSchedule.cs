using TalkingGaussian.Training.Sampling;

namespace TalkingGaussian.Interactive.Charts;

/// <summary>
/// One incremental-sampler window over its stage (Eq. 5): the bounds B_lower + kT and B_upper + kT over the iterations
/// it is in force (From ≤ k &lt; Until; it applies on every K-th of them), and at evenly spaced iterations the metric value
/// of every frame it admits there, as dots. An open bound (±∞) is drawn at the edge of the frames' values.
/// </summary>
public static class SamplingWindowSchedule
{
    /// <summary>The chart of <paramref name="window"/> over frames with metric values <paramref name="metric"/>.</summary>
    public static ChartView Create(SamplingWindow window, IReadOnlyList<double> metric, string? metricName = null, int samples = 40,
        int width = 640, int height = 380)
    {
        if (metric.Count == 0) throw new ArgumentException("Give the metric value of at least one frame.", nameof(metric));
        if (samples < 2) throw new ArgumentOutOfRangeException(nameof(samples), $"Sample at least two iterations, got {samples}.");
        double min = metric.Min(), max = metric.Max(), pad = 0.1 * Math.Max(max - min, 1e-6);
        double Clip(double v) => Math.Clamp(v, min - pad, max + pad);
        var ks = new double[samples];
        var lower = new double[samples];
        var upper = new double[samples];
        var dotsK = new List<double>();
        var dotsM = new List<double>();
        int last = Math.Max(window.From, window.Until - 1);
        for (int i = 0; i < samples; i++)
        {
            int k = window.From + (int)Math.Round((last - window.From) * i / (double)(samples - 1));
            var (lo, hi) = window.At(k);
            ks[i] = k;
            lower[i] = Clip(lo);
            upper[i] = Clip(hi);
            foreach (double m in metric)
                if (window.Distance(m, k) == 0) { dotsK.Add(k); dotsM.Add(m); }
        }
        string name = metricName ?? window.Name;
        return Chart.Lines(
        [
            new LineSeries("B_lower + kT", ks, lower),
            new LineSeries("B_upper + kT", ks, upper),
            new LineSeries("frames admitted", dotsK.ToArray(), dotsM.ToArray()) { Markers = true },
        ], $"{window.Name}: K = {window.Interval}, iterations {window.From}–{window.Until}", "iteration k", name, width: width, height: height);
    }
}
