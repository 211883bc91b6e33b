namespace TalkingGaussian.Rendering;

/// <summary>
/// Host-side tile binning, deterministic: visible Gaussians are sorted by (view depth, index), then a stable counting sort by
/// tile writes each tile's list front to back. The result equals the original's radix sort of (tile &lt;&lt; 32 | depth) keys
/// (ties broken by Gaussian index). It also records, per Gaussian, where its pairs went (<see cref="GaussianPairStart"/>,
/// <see cref="PairsOfGaussian"/>), so a backward pass can sum each Gaussian's per-pair gradients in a fixed order without atomics.
/// Buffers are reused across calls and only grow.
/// </summary>
public sealed class TileBinning
{
    private ulong[] _keys = [], _sorted = [];
    private int[] _cursor = [];

    /// <summary>[tiles + 1] start of each tile's range in <see cref="Pairs"/>; tile t owns [TileStart[t], TileStart[t+1]).</summary>
    public int[] TileStart { get; private set; } = [];

    /// <summary>Gaussian index of each (tile, Gaussian) pair; valid for [0, <see cref="PairCount"/>).</summary>
    public int[] Pairs { get; private set; } = [];

    /// <summary>Number of (tile, Gaussian) pairs.</summary>
    public int PairCount { get; private set; }

    /// <summary>Number of tiles of the last build.</summary>
    public int TileCount { get; private set; }

    /// <summary>[N + 1] start of each Gaussian's range in <see cref="PairsOfGaussian"/> (its tile rectangle's size; 0 if culled).</summary>
    public int[] GaussianPairStart { get; private set; } = [];

    /// <summary>The pair index (into <see cref="Pairs"/>) of each of a Gaussian's tiles, Gaussian after Gaussian, tiles row by row.</summary>
    public int[] PairsOfGaussian { get; private set; } = [];

    /// <summary>
    /// Bins <paramref name="count"/> Gaussians with view depths <paramref name="depth"/> and tile rectangles <paramref name="rects"/>
    /// (empty for culled Gaussians) over a <paramref name="tilesX"/>×<paramref name="tilesY"/> grid.
    /// </summary>
    public void Build(int count, ReadOnlySpan<float> depth, ReadOnlySpan<TileRect> rects, int tilesX, int tilesY)
    {
        if (depth.Length < count || rects.Length < count)
            throw new ArgumentException($"TileBinning needs {count} depths and rectangles, got {depth.Length} and {rects.Length}.");
        int tiles = tilesX * tilesY;
        TileCount = tiles;
        if (TileStart.Length < tiles + 1) TileStart = new int[tiles + 1];
        if (_cursor.Length < tiles) _cursor = new int[tiles];
        if (_keys.Length < count) _keys = new ulong[count];
        if (GaussianPairStart.Length < count + 1) GaussianPairStart = new int[count + 1];

        // Depth order of the visible Gaussians: key = (sortable depth bits) << 32 | index.
        int visible = 0;
        long pairs = 0;
        var byGaussian = GaussianPairStart;
        byGaussian[0] = 0;
        for (int i = 0; i < count; i++)
        {
            var r = rects[i];
            int touched = r.Count;
            byGaussian[i + 1] = (int)Math.Min(int.MaxValue, pairs + Math.Max(0, touched));
            if (touched <= 0) continue;
            if (r.MinX < 0 || r.MinY < 0 || r.MaxX > tilesX || r.MaxY > tilesY)
                throw new ArgumentException($"Tile rectangle of Gaussian {i} lies outside the {tilesX}×{tilesY} grid.");
            pairs += touched;
            _keys[visible++] = ((ulong)SortableBits(depth[i]) << 32) | (uint)i;
        }
        if (pairs > int.MaxValue / 2)
            throw new InvalidOperationException(
                $"{pairs} tile–Gaussian pairs exceed what one frame can bin; lower the Gaussian count, their size, or the image size.");
        SortByDepth(visible);

        // Count per tile, exclusive scan, stable scatter in depth order.
        var start = TileStart;
        Array.Clear(start, 0, tiles + 1);
        for (int v = 0; v < visible; v++)
        {
            var r = rects[(int)(uint)_keys[v]];
            for (int ty = r.MinY; ty < r.MaxY; ty++)
                for (int tx = r.MinX; tx < r.MaxX; tx++)
                    start[ty * tilesX + tx + 1]++;
        }
        for (int t = 0; t < tiles; t++) start[t + 1] += start[t];
        Array.Copy(start, _cursor, tiles);
        PairCount = (int)pairs;
        if (Pairs.Length < PairCount)
        {
            Pairs = new int[Math.Max(PairCount, Pairs.Length * 3 / 2)];
            PairsOfGaussian = new int[Pairs.Length];
        }
        var list = Pairs;
        var inverse = PairsOfGaussian;
        for (int v = 0; v < visible; v++)
        {
            int g = (int)(uint)_keys[v];
            var r = rects[g];
            int k = byGaussian[g];
            for (int ty = r.MinY; ty < r.MaxY; ty++)
                for (int tx = r.MinX; tx < r.MaxX; tx++)
                {
                    int pair = _cursor[ty * tilesX + tx]++;
                    list[pair] = g;
                    inverse[k++] = pair;
                }
        }
    }

    /// <summary>
    /// Sorts the first <paramref name="n"/> keys by their upper 32 bits (the depth), stably, so equal depths keep the index order
    /// the keys were written in: the order a full sort of the 64-bit keys gives. LSD radix sort, four passes of 8 bits; a pass
    /// where every key has the same byte (often the exponent's) is skipped.
    /// </summary>
    private void SortByDepth(int n)
    {
        if (n < 2) return;
        if (_sorted.Length < n) _sorted = new ulong[_keys.Length];
        Span<int> counts = stackalloc int[4 * 256];
        counts.Clear();
        for (int i = 0; i < n; i++)
        {
            uint d = (uint)(_keys[i] >> 32);
            counts[(int)(d & 255)]++;
            counts[256 + (int)((d >> 8) & 255)]++;
            counts[512 + (int)((d >> 16) & 255)]++;
            counts[768 + (int)(d >> 24)]++;
        }
        ulong[] from = _keys, to = _sorted;
        for (int pass = 0; pass < 4; pass++)
        {
            int shift = 32 + 8 * pass;
            var bucket = counts.Slice(256 * pass, 256);
            if (bucket[(int)((from[0] >> shift) & 255)] == n) continue;
            for (int b = 0, sum = 0; b < 256; b++) (bucket[b], sum) = (sum, sum + bucket[b]);
            for (int i = 0; i < n; i++) to[bucket[(int)((from[i] >> shift) & 255)]++] = from[i];
            (from, to) = (to, from);
        }
        if (from != _keys) Array.Copy(from, _keys, n);
    }

    /// <summary>Float bits mapped to an unsigned integer with the same order (negatives flipped).</summary>
    private static uint SortableBits(float f)
    {
        uint u = BitConverter.SingleToUInt32Bits(f);
        return (u & 0x8000_0000u) != 0 ? ~u : u | 0x8000_0000u;
    }
}
