namespace TalkingGaussian.Tests.Motion;

/// <summary>Central finite differences of a scalar loss (computed in double from float32 outputs) against analytic gradients.</summary>
internal static class GradientCheck
{
    /// <summary>The library's central difference (<see cref="FiniteDifferences.Central"/>).</summary>
    public static double Central(float[] values, int index, float h, Func<double> loss) => FiniteDifferences.Central(values, index, h, loss);

    /// <summary>
    /// Asserts |analytic − numeric| ≤ atol + rtol·max(|analytic|, |numeric|) for every checked index, allowing
    /// <paramref name="outliers"/> failures (a ReLU kink or a grid-cell boundary inside the ±h interval).
    /// </summary>
    public static void AssertClose(string what, IEnumerable<int> indices, float[] values, float h, Func<double> loss,
        Func<int, double> analytic, double rtol, double atol, int outliers = 0)
    {
        int bad = 0, checkedCount = 0;
        var messages = new List<string>();
        foreach (int i in indices)
        {
            double numeric = Central(values, i, h, loss), a = analytic(i);
            checkedCount++;
            if (Math.Abs(a - numeric) > atol + rtol * Math.Max(Math.Abs(a), Math.Abs(numeric)))
            {
                bad++;
                if (messages.Count < 5) messages.Add($"[{i}] analytic {a:G6} numeric {numeric:G6}");
            }
        }
        Assert.True(checkedCount > 0, $"{what}: nothing checked");
        Assert.True(bad <= outliers, $"{what}: {bad}/{checkedCount} mismatches (allowed {outliers}): {string.Join("; ", messages)}");
    }

    /// <summary><paramref name="count"/> distinct indices in [offset, offset + length), reproducibly.</summary>
    public static int[] Sample(Random rng, int offset, int length, int count)
    {
        if (length <= count) return Enumerable.Range(offset, length).ToArray();
        var set = new HashSet<int>();
        while (set.Count < count) set.Add(offset + rng.Next(length));
        return set.Order().ToArray();
    }

    /// <summary>Uniform floats in [lo, hi).</summary>
    public static float[] Uniform(Random rng, int n, float lo, float hi)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * (float)rng.NextDouble();
        return a;
    }
}
