using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Rendering;

/// <summary>The host binning: tile lists front to back, and each Gaussian's record of where its pairs went.</summary>
public class TileBinningTests
{
    [Fact]
    public void ListsAreFrontToBackAndEveryGaussianKnowsItsPairs()
    {
        const int tilesX = 5, tilesY = 4, n = 200;
        var rng = new Random(3);
        var depth = new float[n];
        var rects = new TileRect[n];
        for (int i = 0; i < n; i++)
        {
            depth[i] = i % 17 == 0 ? 2f : -3f + 9f * rng.NextSingle(); // ties (broken by index) and negative depths
            if (i % 11 == 0) continue;                                 // culled: empty rectangle
            int x = rng.Next(tilesX), y = rng.Next(tilesY);
            rects[i] = new TileRect { MinX = x, MinY = y, MaxX = Math.Min(tilesX, x + 1 + rng.Next(3)), MaxY = Math.Min(tilesY, y + 1 + rng.Next(2)) };
        }
        var binning = new TileBinning();
        binning.Build(n, depth, rects, tilesX, tilesY);

        int expectedPairs = rects.Sum(r => r.Count);
        Assert.Equal(expectedPairs, binning.PairCount);
        for (int t = 0; t < tilesX * tilesY; t++)
            for (int p = binning.TileStart[t] + 1; p < binning.TileStart[t + 1]; p++)
            {
                int a = binning.Pairs[p - 1], b = binning.Pairs[p];
                Assert.True(depth[a] < depth[b] || (depth[a] == depth[b] && a < b), $"tile {t}: {a} before {b}");
            }
        for (int g = 0; g < n; g++)
        {
            var r = rects[g];
            Assert.Equal(r.Count, binning.GaussianPairStart[g + 1] - binning.GaussianPairStart[g]);
            int k = binning.GaussianPairStart[g];
            for (int ty = r.MinY; ty < r.MaxY; ty++)
                for (int tx = r.MinX; tx < r.MaxX; tx++, k++)
                {
                    int pair = binning.PairsOfGaussian[k];
                    int tile = ty * tilesX + tx;
                    Assert.Equal(g, binning.Pairs[pair]);
                    Assert.InRange(pair, binning.TileStart[tile], binning.TileStart[tile + 1] - 1);
                }
        }
    }
}
