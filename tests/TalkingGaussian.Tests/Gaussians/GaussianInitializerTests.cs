using TalkingGaussian.Gaussians;

namespace TalkingGaussian.Tests.Gaussians;

public class GaussianInitializerTests
{
    private static float[] BruteForce(float[] p, int k)
    {
        int n = p.Length / 3;
        var result = new float[n];
        var d = new List<float>();
        for (int i = 0; i < n; i++)
        {
            d.Clear();
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                float dx = p[3 * j] - p[3 * i], dy = p[3 * j + 1] - p[3 * i + 1], dz = p[3 * j + 2] - p[3 * i + 2];
                d.Add(dx * dx + dy * dy + dz * dz);
            }
            d.Sort();
            int m = Math.Min(k, d.Count);
            result[i] = m == 0 ? 0 : d.Take(m).Sum() / m;
        }
        return result;
    }

    public static TheoryData<string> Clouds => new() { "cube", "line", "clusters", "duplicates", "tiny" };

    [Theory]
    [MemberData(nameof(Clouds))]
    public void GridNeighboursMatchBruteForce(string cloud)
    {
        var rng = new Random(cloud.Length);
        int n = cloud == "tiny" ? 3 : 400;
        var p = new float[3 * n];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < 3; c++)
                p[3 * i + c] = cloud switch
                {
                    "line" => c == 0 ? rng.NextSingle() : 1e-4f * rng.NextSingle(),      // near-degenerate extent
                    "clusters" => (i % 2 == 0 ? 0f : 50f) + 0.01f * rng.NextSingle(),   // two far-apart blobs
                    "duplicates" => MathF.Round(4 * rng.NextSingle()) / 4,             // many coincident points
                    _ => rng.NextSingle() - 0.5f,
                };
        var grid = new float[n];
        UniformGridNeighbors.MeanSquaredDistance(p, 3, grid);
        var brute = BruteForce(p, 3);
        for (int i = 0; i < n; i++)
            // Same squared distances summed in a different order: float rounding only, 1e-5 relative.
            Assert.True(MathF.Abs(grid[i] - brute[i]) <= 1e-5f * brute[i] + 1e-12f, $"point {i}: grid {grid[i]}, brute {brute[i]}");
    }

    [Fact]
    public void SinglePointHasNoNeighbours()
    {
        var d = new float[1];
        UniformGridNeighbors.MeanSquaredDistance([1f, 2f, 3f], 3, d);
        Assert.Equal(0f, d[0]);
    }

    [Fact]
    public void TenThousandPointsNeedFarFewerThanNSquaredDistances()
    {
        var field = new GaussianInitializer { Count = GaussianInitializer.MouthCount }.Create();
        var d = new float[field.Count];
        long measured = UniformGridNeighbors.MeanSquaredDistanceCounted(field.Means, 3, d);
        // Brute force measures N(N−1) ≈ 10⁸ pairs. With ≈ 2 points per cell a query scans 27–125 cells (≈ 54–250 points),
        // so 300·N = 3·10⁶ bounds the grid and fails for anything quadratic.
        Assert.True(measured < 300L * field.Count, $"measured {measured} pairs");
        Assert.All(d, v => Assert.True(v > 0));
    }

    [Fact]
    public void FieldFollowsTheReleasedInitialisation()
    {
        var init = new GaussianInitializer { Count = 300, Seed = 4 };
        var field = init.Create();
        Assert.Equal(2, field.ShDegree);
        Assert.Equal(0, field.ActiveShDegree);
        Assert.Equal(ScaleActivation.Softplus, field.ScaleActivation);
        Assert.All(field.Means, v => Assert.InRange(v, -0.1f, 0.1f));
        var d = new float[300];
        UniformGridNeighbors.MeanSquaredDistance(field.Means, 3, d);
        for (int i = 0; i < 300; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(-0.00695080f, field.Sh[27 * i + c], 1e-7f); // (127/255 − 0.5)/C0 = −0.0069507994
                for (int k = 1; k < 9; k++) Assert.Equal(0f, field.Sh[27 * i + 3 * k + c]);
                // The quirk: raw = log(√d̄²) even though the activation is softplus.
                Assert.Equal(MathF.Log(MathF.Sqrt(MathF.Max(d[i], 1e-7f))), field.ScalesRaw[3 * i + c]);
            }
            Assert.Equal([1f, 0f, 0f, 0f], field.RotationsRaw.AsSpan(4 * i, 4).ToArray());
            Assert.Equal(-2.1972246f, field.OpacitiesRaw[i], 1e-5f);
        }
        // Same seed, same field; another seed, another one.
        Assert.Equal(field.Means, new GaussianInitializer { Count = 300, Seed = 4 }.Create().Means);
        Assert.NotEqual(field.Means, new GaussianInitializer { Count = 300, Seed = 5 }.Create().Means);
    }

    [Fact]
    public void ExactInverseGivesTheNeighbourDistanceAsScale()
    {
        var field = new GaussianInitializer { Count = 50, ExactScaleInverse = true }.Create();
        var quirk = new GaussianInitializer { Count = 50 }.Create();
        for (int j = 0; j < 150; j++)
        {
            float d = MathF.Exp(quirk.ScalesRaw[j]);
            // softplus⁻¹ then softplus in float: ≈ 1e-6 relative; the quirk's log(1 + d) differs from d by ≈ d/2 ≈ 1e-2 relative.
            Assert.Equal(d, Activations.Softplus(field.ScalesRaw[j]), 1e-4f * d);
        }
    }

    [Fact]
    public void CoincidentPointsHitTheDistanceFloor()
    {
        var field = new GaussianInitializer { Count = 4, HalfExtent = 1e-9f }.Create();
        // All within 2e-9: mean squared distance ≈ 1e-18 < 1e-7, so raw = log(√1e-7).
        Assert.All(field.ScalesRaw, v => Assert.Equal(MathF.Log(MathF.Sqrt(1e-7f)), v));
    }
}
