using ILGPU;
using ILGPU.Algorithms;

namespace TalkingGaussian.Rendering;

/// <summary>
/// The compositing kernels in the GPU-standard shape (as the original's renderCUDA): one group of 16×16 = 256 threads per
/// tile, one thread per pixel, the tile's splats staged through shared memory in batches of 256, and an early exit once
/// every pixel of the tile is done (<c>Group.BarrierPopCount</c>). The per-pixel maths is the same
/// <see cref="Compositing"/> calls in the same order as <see cref="RasterKernels"/>, so the forward pass is bit-identical
/// to the tile-per-thread path (tested on a 256-thread CPU device). Used on CUDA; far too slow on the CPU accelerator
/// (every barrier is an OS-thread barrier).
/// </summary>
public static class RasterKernelsGroup
{
    /// <summary>Threads per group and splats per shared-memory batch: one per pixel of a 16×16 tile.</summary>
    public const int GroupSize = RasterSettings.TileSize * RasterSettings.TileSize;

    /// <summary>
    /// Forward compositing (Eq. 2), one group per tile in a grid-stride loop over tiles; outputs as
    /// <see cref="RasterKernels.BlendForward"/>. <paramref name="tileEvaluations"/> must be zeroed (threads add to it).
    /// </summary>
    public static void BlendForwardGroup(BlendParams bp, ArrayView<int> tileStart, ArrayView<Splat> gathered,
        ArrayView<float> color, ArrayView<float> alpha, ArrayView<float> depth, ArrayView<float> finalT,
        ArrayView<int> lastContributor, ArrayView<long> tileEvaluations)
    {
        var batch = SharedMemory.Allocate<Splat>(GroupSize);
        int tid = Group.IdxX, groups = Grid.DimX;
        int tiles = bp.TilesX * bp.TilesY, w = bp.Width, h = bp.Height, plane = w * h;
        int lx = tid % RasterSettings.TileSize, ly = tid / RasterSettings.TileSize;
        for (int tile = Grid.IdxX; tile < tiles; tile += groups)
        {
            int x = tile % bp.TilesX * RasterSettings.TileSize + lx, y = tile / bp.TilesX * RasterSettings.TileSize + ly;
            bool inside = x < w && y < h;
            bool done = !inside;
            int start = tileStart[tile], end = tileStart[tile + 1];
            float px = x, py = y;
            var acc = PixelAccumulator.Start;
            for (int b0 = start; b0 < end; b0 += GroupSize)
            {
                // Also the barrier that keeps the previous batch alive until every thread has read it.
                if (Group.BarrierPopCount(done) == GroupSize) break;
                if (b0 + tid < end) batch[tid] = gathered[b0 + tid];
                Group.Barrier();
                int count = XMath.Min(GroupSize, end - b0);
                for (int k = 0; k < count && !done; k++)
                {
                    Compositing.Blend(ref acc, batch[k], px, py, bp);
                    done = acc.Done;
                }
            }
            if (inside)
            {
                int p = y * w + x;
                color[p] = acc.R + acc.T * bp.BgR;
                color[plane + p] = acc.G + acc.T * bp.BgG;
                color[2 * plane + p] = acc.B + acc.T * bp.BgB;
                alpha[p] = 1f - acc.T;
                depth[p] = acc.Depth;
                finalT[p] = acc.T;
                lastContributor[p] = acc.LastContributor;
                Atomic.Add(ref tileEvaluations[tile], (long)acc.Evaluated);
            }
            Group.Barrier(); // the next tile reuses the batch
        }
    }

    /// <summary>
    /// Backward compositing, one group per tile: batches are staged from the back of the tile's list, each thread walks its pixel
    /// back to front from its last contributor (<see cref="Compositing.BackwardStep"/>) and adds every contribution to its
    /// Gaussian with atomic adds (as the original). <paramref name="splatGrads"/> [N, 10] must be zeroed.
    /// </summary>
    public static void BlendBackwardGroup(BlendParams bp, ArrayView<int> tileStart, ArrayView<int> pairs, ArrayView<Splat> gathered,
        ArrayView<float> finalT, ArrayView<int> lastContributor, ArrayView<float> dColor, ArrayView<float> dAlpha, ArrayView<float> dDepth,
        ArrayView<float> splatGrads)
    {
        var batch = SharedMemory.Allocate<Splat>(GroupSize);
        var batchIds = SharedMemory.Allocate<int>(GroupSize);
        var range = SharedMemory.Allocate<int>(1);
        int tid = Group.IdxX, groups = Grid.DimX;
        int tiles = bp.TilesX * bp.TilesY, w = bp.Width, h = bp.Height, plane = w * h;
        int lx = tid % RasterSettings.TileSize, ly = tid / RasterSettings.TileSize;
        for (int tile = Grid.IdxX; tile < tiles; tile += groups)
        {
            int x = tile % bp.TilesX * RasterSettings.TileSize + lx, y = tile / bp.TilesX * RasterSettings.TileSize + ly;
            bool inside = x < w && y < h;
            int p = y * w + x;
            int start = tileStart[tile];
            int last = inside ? lastContributor[p] : 0;
            var st = inside
                ? Compositing.StartBackward(finalT[p], dColor[p], dColor[plane + p], dColor[2 * plane + p], dDepth[p], dAlpha[p], bp)
                : default;
            float px = x, py = y;
            if (tid == 0) range[0] = 0;
            Group.Barrier();
            if (last > 0) Atomic.Max(ref range[0], last);
            Group.Barrier();
            int rangeEnd = start + range[0];
            int batches = (range[0] + GroupSize - 1) / GroupSize;
            for (int bi = batches - 1; bi >= 0; bi--)
            {
                int b0 = start + bi * GroupSize, b1 = XMath.Min(b0 + GroupSize, rangeEnd);
                Group.Barrier(); // the previous batch is fully read
                if (b0 + tid < b1)
                {
                    batch[tid] = gathered[b0 + tid];
                    batchIds[tid] = pairs[b0 + tid];
                }
                Group.Barrier();
                for (int j = XMath.Min(b1, start + last) - 1; j >= b0; j--)
                {
                    var g = default(SplatGrad);
                    if (!Compositing.BackwardStep(ref st, batch[j - b0], px, py, bp, ref g)) continue;
                    SplatGrad.AtomicAdd(splatGrads, batchIds[j - b0], g);
                }
            }
            Group.Barrier(); // range and batches are reused by the next tile
        }
    }
}
