namespace TalkingGaussian;

/// <summary>
/// The training run's random numbers (frame order, the incremental sampler's draws, patch sizes, split children):
/// SplitMix64, whose whole state is one 64-bit word, so a checkpoint stores it and a resumed run draws exactly the numbers
/// the uninterrupted run would have drawn. <see cref="System.Random"/> cannot be saved and restored that way.
/// </summary>
public sealed class TrainingRandom
{
    /// <summary>Starts the sequence of <paramref name="seed"/>.</summary>
    public TrainingRandom(long seed) => State = unchecked((ulong)seed);

    /// <summary>The generator's state; setting it restores a saved position in the sequence.</summary>
    public ulong State { get; set; }

    /// <summary>The next 64 random bits (SplitMix64, Steele et al. 2014).</summary>
    public ulong NextUInt64()
    {
        ulong z = State += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform integer in [0, <paramref name="n"/>), without modulo bias (Lemire's multiply-and-reject).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), "The range must be positive.");
        ulong bound = (ulong)n;
        while (true)
        {
            ulong x = NextUInt64() >> 32;                   // 32 random bits
            ulong m = x * bound;
            if ((uint)m >= (uint)((0x1_0000_0000UL - bound) % bound)) return (int)(m >> 32);
        }
    }

    /// <summary>Uniform integer in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int min, int maxExclusive) => min + NextInt(maxExclusive - min);

    /// <summary>A standard normal sample (Box–Muller, one of the pair; no cached second value, so the state stays one word).</summary>
    public float NextGaussian()
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle(Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
