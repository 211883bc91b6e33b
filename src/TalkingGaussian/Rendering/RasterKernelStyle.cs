namespace TalkingGaussian.Rendering;

/// <summary>Which compositing kernels <see cref="IlgpuRasterizer"/> runs.</summary>
public enum RasterKernelStyle
{
    /// <summary>Tile-per-thread on the CPU accelerator, group-per-tile on CUDA.</summary>
    Auto,

    /// <summary><see cref="RasterKernels"/>: one thread owns a whole 16×16 tile (fast on CPU).</summary>
    TilePerThread,

    /// <summary><see cref="RasterKernelsGroup"/>: one 256-thread group per tile, shared-memory batches (the GPU shape).</summary>
    GroupPerTile,
}
