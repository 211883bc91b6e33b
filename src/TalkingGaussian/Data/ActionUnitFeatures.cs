namespace TalkingGaussian.Data;

/// <summary>
/// The AU-derived per-frame scalars of the original (shared/reference/original-code.md §2.3):
/// blink = clip(AU45, 0, 2)/2; au25 = [a_i, p25, p50, p75, max] of AU25 clipped at its 95th percentile, percentiles over
/// every row of au.csv; and the 6-value expression vector [AU01, AU04, AU05, AU06, AU07, clip(AU45, 0, 2)].
/// </summary>
public sealed class ActionUnitFeatures
{
    private readonly double[] _au45;
    private readonly double[] _au25Clipped;
    private readonly double[][] _expression;

    /// <summary>Expression AU columns in the order the motion network reads them (6 AUs; AU02 is not used).</summary>
    public static readonly string[] ExpressionColumns = ["AU01_r", "AU04_r", "AU05_r", "AU06_r", "AU07_r", "AU45_r"];

    /// <summary>Derives the features from a table that has the required columns.</summary>
    public ActionUnitFeatures(ActionUnitTable table)
    {
        _au45 = table.Column("AU45_r");
        var au25 = table.Column("AU25_r");
        double p95 = Percentile.Of(au25, 95);
        _au25Clipped = au25.Select(v => Math.Clamp(v, 0, p95)).ToArray();
        var sorted = (double[])_au25Clipped.Clone();
        Array.Sort(sorted);
        Au25P25 = Percentile.OfSorted(sorted, 25);
        Au25P50 = Percentile.OfSorted(sorted, 50);
        Au25P75 = Percentile.OfSorted(sorted, 75);
        Au25Max = sorted[^1];
        _expression = ExpressionColumns.Select(table.Column).ToArray();
        RowCount = table.RowCount;
    }

    /// <summary>Rows (frames) available.</summary>
    public int RowCount { get; }

    /// <summary>25th percentile of the clipped AU25 column.</summary>
    public double Au25P25 { get; }

    /// <summary>Median of the clipped AU25 column.</summary>
    public double Au25P50 { get; }

    /// <summary>75th percentile of the clipped AU25 column.</summary>
    public double Au25P75 { get; }

    /// <summary>Maximum of the clipped AU25 column (= the raw 95th percentile).</summary>
    public double Au25Max { get; }

    /// <summary>blink ∈ [0, 1] of frame <paramref name="i"/>.</summary>
    public float Blink(int i) => (float)(Math.Clamp(_au45[i], 0, 2) / 2);

    /// <summary>[a_i, p25, p50, p75, max] of frame <paramref name="i"/>.</summary>
    public float[] Au25(int i) => [(float)_au25Clipped[i], (float)Au25P25, (float)Au25P50, (float)Au25P75, (float)Au25Max];

    /// <summary>The 6-value expression vector of frame <paramref name="i"/> (AU45 clipped to [0, 2], the rest raw).</summary>
    public float[] Expression(int i)
    {
        var e = new float[6];
        for (int k = 0; k < 6; k++) e[k] = (float)_expression[k][i];
        e[5] = (float)Math.Clamp(_au45[i], 0, 2);
        return e;
    }
}
