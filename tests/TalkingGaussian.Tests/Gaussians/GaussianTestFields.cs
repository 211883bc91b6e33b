using TalkingGaussian.Gaussians;

namespace TalkingGaussian.Tests.Gaussians;

/// <summary>Seeded random fields and a scratch folder for the Gaussian tests.</summary>
internal static class GaussianTestFields
{
    public static PersistentGaussianField Random(int count, int shDegree, ScaleActivation activation, int seed = 1)
    {
        var rng = new Random(seed);
        var f = new PersistentGaussianField(count, shDegree, activation) { ActiveShDegree = shDegree > 0 ? 1 : 0 };
        Fill(f.Means, rng, 1f);
        Fill(f.ScalesRaw, rng, 3f, -4f);
        Fill(f.RotationsRaw, rng, 1f);
        Fill(f.OpacitiesRaw, rng, 3f);
        Fill(f.Sh, rng, 0.5f);
        return f;
    }

    private static void Fill(float[] a, Random rng, float spread, float offset = 0f)
    {
        for (int j = 0; j < a.Length; j++) a[j] = offset + spread * (2f * rng.NextSingle() - 1f);
    }

    public static void AssertBitEqual(float[] expected, float[] actual, int length, string name)
    {
        for (int j = 0; j < length; j++)
            if (BitConverter.SingleToInt32Bits(expected[j]) != BitConverter.SingleToInt32Bits(actual[j]))
                Assert.Fail($"{name}[{j}]: expected {expected[j]:R}, got {actual[j]:R}.");
    }
}
