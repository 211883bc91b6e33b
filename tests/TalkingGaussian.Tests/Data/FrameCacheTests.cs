using TalkingGaussian.Data;
using TalkingGaussian.Media;

namespace TalkingGaussian.Tests.Data;

/// <summary>The decoded-frame cache keeps its accounted bytes within the budget while iterating datasets larger than it.</summary>
[Collection(SyntheticDatasetCollection.Name)]
public class FrameCacheTests(SyntheticDatasetFixture fixture)
{
    private static FrameImages FakeFrame(int id, int size)
    {
        var gt = new PlanarImage(size, size, 3);
        gt.Pixels[0] = id;
        var plate = new PlanarImage(size, size, 3);
        var parsing = new PlanarImage(size, size, 3);
        return new FrameImages(id, gt, TalkingMasks.From(parsing, new bool[size * size]), plate);
    }

    [Fact]
    public void IteratingALargerDatasetStaysWithinTheBudget()
    {
        // 160 frames of 256×256 (≈1.8 MB each, ≈290 MB in all) through a 12 MB budget, in a shuffled training order.
        const int frames = 160, size = 256;
        long frameBytes = FakeFrame(0, size).Bytes;
        long budget = 12L << 20;
        var order = Enumerable.Range(0, frames).OrderBy(i => (i * 7919) % frames).ToArray();
        GC.Collect();
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long worstManaged = 0;
        using var cache = new FrameCache(id => FakeFrame(id, size), budget, prefetchDepth: 4);
        int k = 0;
        foreach (var f in cache.Iterate(order))
        {
            Assert.Equal(order[k], f.ImgId);
            Assert.Equal(order[k], (int)f.GroundTruth.Pixels[0]);
            Assert.True(cache.AccountedBytes <= budget, $"{cache.AccountedBytes} accounted > budget {budget}");
            if (++k % 20 == 0) worstManaged = Math.Max(worstManaged, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        }
        Assert.Equal(frames, k);
        Assert.True(cache.PeakAccountedBytes <= budget);
        Assert.True(cache.PeakAccountedBytes >= budget - 2 * frameBytes, "the cache should use its budget");
        Assert.True(cache.Count <= budget / frameBytes);
        // Process-memory sanity: live managed memory stays near the budget (the frame in use and prefetches in flight on top).
        Assert.True(worstManaged < budget + 8 * frameBytes, $"managed memory grew by {worstManaged / 1e6:F1} MB for a {budget / 1e6:F1} MB budget");
    }

    [Fact]
    public void RepeatedRequestsHitAndFramesLargerThanTheBudgetAreNotCached()
    {
        int decodes = 0;
        using var cache = new FrameCache(id => { Interlocked.Increment(ref decodes); return FakeFrame(id, 32); }, FakeFrame(0, 32).Bytes * 3, prefetchDepth: 0);
        cache.Get(1);
        cache.Get(1);
        Assert.Equal(1, decodes);
        Assert.Equal(1, cache.Hits);
        cache.Get(2); cache.Get(3); cache.Get(4); // evicts 1
        cache.Get(1);
        Assert.Equal(5, decodes);
        Assert.Equal(3, cache.Count);
        using var tiny = new FrameCache(id => FakeFrame(id, 32), 100, prefetchDepth: 0);
        tiny.Get(0);
        Assert.Equal(0, tiny.Count);
        Assert.Equal(0, tiny.AccountedBytes);
    }

    [Fact]
    public void DecodeErrorsReachTheCaller()
    {
        using var cache = new FrameCache(id => throw new FileNotFoundException($"frame {id} missing"), 1 << 20, prefetchDepth: 2);
        var e = Assert.Throws<FileNotFoundException>(() => cache.Get(5));
        Assert.Contains("frame 5", e.Message);
        Assert.Throws<FileNotFoundException>(() => cache.Iterate([1, 2, 3]).ToList());
    }

    [Fact]
    public void RealDatasetIteratesInTrainingOrderWithinASmallBudget()
    {
        using var probe = TalkingDataset.Open(fixture.Folder, new DatasetOptions { Validate = false });
        long frameBytes = probe.Images(probe.Train.Frames[0]).Bytes;
        long budget = 3 * frameBytes + frameBytes / 2;
        using var ds = TalkingDataset.Open(fixture.Folder, new DatasetOptions { CacheBudgetBytes = budget, PrefetchDepth = 3 });
        var order = ds.Train.Frames.OrderBy(f => (f.ImgId * 13) % 18).ToList();
        for (int epoch = 0; epoch < 2; epoch++)
            foreach (var (frame, images) in ds.Iterate(order))
            {
                Assert.Equal(frame.ImgId, images.ImgId);
                Assert.True(ds.Cache.AccountedBytes <= budget);
            }
        Assert.True(ds.Cache.PeakAccountedBytes <= budget);
        Assert.True(ds.Cache.Count <= 3);
        // Same pixels as decoding directly.
        var direct = new FrameDecoder(ds.Files, ds.Background).Decode(order[5].ImgId);
        Assert.Equal(direct.GroundTruth.Pixels, ds.Images(order[5]).GroundTruth.Pixels);
        Assert.Equal(direct.Masks.Face, ds.Images(order[5]).Masks.Face);
    }
}
