namespace TalkingGaussian.Evaluation;

/// <summary>Pearson correlation, the lip-sync score's statistic.</summary>
public static class Correlation
{
    /// <summary>
    /// Pearson's r of two equally long series (in double). NaN when fewer than two points or when either series is
    /// constant (a mouth that never moves has no correlation with anything, rather than a perfect or a zero one).
    /// </summary>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"Series differ in length: {x.Length} and {y.Length}.");
        int n = x.Length;
        if (n < 2) return double.NaN;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
        mx /= n; my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        return sxx <= 0 || syy <= 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }
}
