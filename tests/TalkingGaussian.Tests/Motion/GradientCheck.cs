namespace TalkingGaussian.Tests.Motion;

/// <summary>Central finite differences of a scalar loss (computed in double from float32 outputs) against analytic gradients.</summary>
internal static class GradientCheck
{
    /// <summary>The library's central difference (<see cref="FiniteDifferences.Central"/>).</summary>
    public static double Central(float[] values, int index, float h, Func<double> loss) => FiniteDifferences.Central(values, index, h, loss);

    /// <summary>
    /// Asserts |analytic − numeric| ≤ atol + rtol·max(|analytic|, |numeric|) for every checked index, allowing
    /// <paramref name="outliers"/> failures (a ReLU kink or a grid-cell boundary inside the ±h interval).
    /// With the environment variable TG_GRADIENT_LOG set to a file, appends the measured errors of each check to it
    /// (what the tolerances beside each call were set from).
    /// </summary>
    public static void AssertClose(string what, IEnumerable<int> indices, float[] values, float h, Func<double> loss,
        Func<int, double> analytic, double rtol, double atol, int outliers = 0)
    {
        int bad = 0, checkedCount = 0;
        double worstAbs = 0, worstRel = 0, worstUse = 0, scale = 0;
        var messages = new List<string>();
        foreach (int i in indices)
        {
            double numeric = Central(values, i, h, loss), a = analytic(i);
            checkedCount++;
            double err = Math.Abs(a - numeric), size = Math.Max(Math.Abs(a), Math.Abs(numeric));
            double use = err / (atol + rtol * size);
            scale = Math.Max(scale, size);
            if (use > 1)
            {
                bad++;
                if (messages.Count < 5) messages.Add($"[{i}] analytic {a:G6} numeric {numeric:G6}");
                continue; // an allowed outlier does not set the measured noise
            }
            worstAbs = Math.Max(worstAbs, err);
            if (size > 0) worstRel = Math.Max(worstRel, err / size);
            worstUse = Math.Max(worstUse, use);
        }
        Log($"{what}: {checkedCount} checked, largest |g| {scale:G3}; worst error {worstAbs:E2} abs, {worstRel:E2} rel; " +
            $"{worstUse:F3} of the tolerance (rtol {rtol:E1}, atol {atol:E1}); {bad} outside");
        Assert.True(checkedCount > 0, $"{what}: nothing checked");
        Assert.True(bad <= outliers, $"{what}: {bad}/{checkedCount} mismatches (allowed {outliers}): {string.Join("; ", messages)}");
    }

    /// <summary>Appends a line to the file named by TG_GRADIENT_LOG, if set.</summary>
    public static void Log(string line)
    {
        if (Environment.GetEnvironmentVariable("TG_GRADIENT_LOG") is { Length: > 0 } path)
            lock (typeof(GradientCheck)) File.AppendAllText(path, $"{TestName()} | {line}\n");
    }

    /// <summary>The test method on the call stack (the frame with a [Fact] or [Theory]).</summary>
    private static string TestName()
    {
        foreach (var f in new System.Diagnostics.StackTrace().GetFrames())
            if (f.GetMethod() is { } m && m.GetCustomAttributes(typeof(FactAttribute), true).Length > 0)
                return $"{m.DeclaringType?.Name}.{m.Name}";
        return "?";
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
