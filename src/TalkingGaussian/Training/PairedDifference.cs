namespace TalkingGaussian.Training;

/// <summary>
/// The mean of a − b over pairs measured on the same items (e.g. two models' PSNR on the same frames), its standard error
/// s/√n, and the number of pairs; pairs with a non-finite value are left out.
/// </summary>
public readonly record struct PairedDifference(double Mean, double StandardError, int Count)
{
    /// <summary>
    /// True when the mean lies more than two standard errors from zero (about 95 % for a normal mean): the difference is
    /// larger than the items' own scatter would make it by chance. It says nothing about other seeds or longer training.
    /// </summary>
    public bool Clear => Count >= 2 && Math.Abs(Mean) > 2 * StandardError;

    /// <summary>The paired difference of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static PairedDifference Of(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"Paired values need equal counts; got {a.Count} and {b.Count}.");
        double sum = 0, sumSq = 0;
        int n = 0;
        for (int i = 0; i < a.Count; i++)
        {
            double d = a[i] - b[i];
            if (!double.IsFinite(d)) continue;
            sum += d;
            sumSq += d * d;
            n++;
        }
        if (n == 0) return new PairedDifference(double.NaN, double.NaN, 0);
        double mean = sum / n;
        double variance = n > 1 ? Math.Max(0, (sumSq - n * mean * mean) / (n - 1)) : double.NaN;
        return new PairedDifference(mean, Math.Sqrt(variance / n), n);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Mean:+0.00;−0.00} ± {StandardError:0.00} over {Count} pairs";
}
