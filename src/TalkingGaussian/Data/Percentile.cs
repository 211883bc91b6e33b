namespace TalkingGaussian.Data;

/// <summary>Percentiles with numpy's default "linear" method: rank q/100·(n−1) interpolated between sorted neighbours.</summary>
public static class Percentile
{
    /// <summary>The <paramref name="q"/>-th percentile (0–100) of <paramref name="values"/> (not modified).</summary>
    public static double Of(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0) throw new ArgumentException("Percentile of an empty list.", nameof(values));
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return OfSorted(sorted, q);
    }

    /// <summary>The percentile of an already ascending array.</summary>
    public static double OfSorted(double[] sorted, double q)
    {
        double rank = q / 100.0 * (sorted.Length - 1);
        int lo = (int)Math.Floor(rank);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        double f = rank - lo;
        return sorted[lo] + (sorted[hi] - sorted[lo]) * f;
    }
}
