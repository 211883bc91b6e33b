namespace TalkingGaussian.Motion;

/// <summary>PyTorch default initialisation: U(−bound, bound), seeded through the caller's <see cref="Random"/>.</summary>
public static class UniformInit
{
    /// <summary>Fills <paramref name="values"/> with U(−<paramref name="bound"/>, <paramref name="bound"/>).</summary>
    public static void Fill(Span<float> values, double bound, Random rng)
    {
        for (int i = 0; i < values.Length; i++) values[i] = (float)((rng.NextDouble() * 2 - 1) * bound);
    }
}
