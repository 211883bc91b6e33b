using System.Runtime.CompilerServices;
using ILGPU;
using TalkingGaussian.Gaussians;

namespace TalkingGaussian.Rendering;

/// <summary>Device views of the per-Gaussian rasterizer inputs (layouts of <see cref="RasterInputs"/>).</summary>
public struct GaussianViews : IGaussianSource
{
    /// <summary>[N, 3] means, [N, 3] activated scales, [N, 4] quaternions (w, x, y, z), [N] opacities.</summary>
    public ArrayView<float> Means, Scales, Rotations, Opacities;

    /// <summary>[N, K, 3] SH coefficients, or [N, 3] RGB when <see cref="Precomputed"/> is 1.</summary>
    public ArrayView<float> Features;

    /// <summary>Floats per Gaussian in <see cref="Features"/>: 3K for SH, 3 for RGB.</summary>
    public int FeatureStride;

    /// <summary>SH degree used for colour.</summary>
    public int ActiveDegree;

    /// <summary>1 when <see cref="Features"/> holds precomputed RGB.</summary>
    public int Precomputed;

    readonly int IGaussianSource.FeatureStride => FeatureStride;
    readonly int IGaussianSource.ActiveDegree => ActiveDegree;
    readonly bool IGaussianSource.Precomputed => Precomputed != 0;
    public readonly float Mean(int index) => Means[index];
    public readonly float Scale(int index) => Scales[index];
    public readonly float Rotation(int index) => Rotations[index];
    public readonly float Opacity(int i) => Opacities[i];
    public readonly float Feature(int index) => Features[index];
}

/// <summary>Device views of the per-Gaussian gradients the backward pass returns.</summary>
public struct GradientViews : IGaussianGradientSink
{
    /// <summary>[N, 3] ∂L/∂μ, [N, 2] ∂L/∂means2D (NDC), [N, 3] ∂L/∂s, [N, 4] ∂L/∂q, [N] ∂L/∂α.</summary>
    public ArrayView<float> Means, Means2D, Scales, Rotations, Opacities;

    /// <summary>∂L/∂features, same layout as <see cref="GaussianViews.Features"/>.</summary>
    public ArrayView<float> Features;

    public readonly void Mean(int index, float value) => Means[index] = value;
    public readonly void Mean2D(int index, float value) => Means2D[index] = value;
    public readonly void Scale(int index, float value) => Scales[index] = value;
    public readonly void Rotation(int index, float value) => Rotations[index] = value;
    public readonly void Opacity(int i, float value) => Opacities[i] = value;
    public readonly void Feature(int index, float value) => Features[index] = value;
}

/// <summary>
/// The rasterizer kernels in the CPU-friendly shape (shared/reference/ilgpu.md §5): explicitly grouped, each thread takes
/// coarse work items (a chunk of Gaussians, a whole 16×16 tile) in a grid-stride loop. They also compile for CUDA
/// (one thread per tile there). All per-Gaussian and per-pixel maths lives in <see cref="GaussianStages"/>, <see cref="Projection"/>,
/// <see cref="Compositing"/> and <see cref="SphericalHarmonics"/>.
/// </summary>
public static class RasterKernels
{
    /// <summary>Stage 1, per Gaussian (<see cref="GaussianStages.Preprocess"/>): writes the splat, tile rectangle (empty when culled) and radius.</summary>
    public static void Preprocess(ProjectionParams pp, GaussianViews g, ArrayView<Splat> splats, ArrayView<TileRect> rects,
        ArrayView<int> radii, int count, int chunk)
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X;
        for (int b = t * chunk; b < count; b += threads * chunk)
        for (int i = b, e = Math.Min(count, b + chunk); i < e; i++)
        {
            radii[i] = GaussianStages.Preprocess(pp, g, i, out var s, out var rect);
            splats[i] = s;
            rects[i] = rect;
        }
    }

    /// <summary>Per-tile gather: copies each (tile, Gaussian) pair's splat into one contiguous, tile-ordered array.</summary>
    public static void Gather(ArrayView<int> pairs, ArrayView<Splat> splats, ArrayView<Splat> gathered, int pairCount, int chunk)
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X;
        for (int b = t * chunk; b < pairCount; b += threads * chunk)
        for (int p = b, e = Math.Min(pairCount, b + chunk); p < e; p++)
            gathered[p] = splats[pairs[p]];
    }

    /// <summary>
    /// Stage 3 forward, one thread per 16×16 tile: every pixel composites its tile's front-to-back list by Eq. 2
    /// (<see cref="Compositing.Blend"/>). Writes colour [3, H, W] (with T_final·bg), alpha 1 − T_final, depth Σ zα̃T,
    /// and keeps T_final and the last contributor for the backward pass, plus each tile's alpha-evaluation count.
    /// </summary>
    public static void BlendForward(BlendParams bp, ArrayView<int> tileStart, ArrayView<Splat> gathered,
        ArrayView<float> color, ArrayView<float> alpha, ArrayView<float> depth, ArrayView<float> finalT,
        ArrayView<int> lastContributor, ArrayView<long> tileEvaluations)
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X;
        int tiles = bp.TilesX * bp.TilesY, w = bp.Width, h = bp.Height, plane = w * h;
        for (int tile = t; tile < tiles; tile += threads)
        {
            int x0 = tile % bp.TilesX * RasterSettings.TileSize, y0 = tile / bp.TilesX * RasterSettings.TileSize;
            int start = tileStart[tile], end = tileStart[tile + 1];
            int x1 = Math.Min(w, x0 + RasterSettings.TileSize), y1 = Math.Min(h, y0 + RasterSettings.TileSize);
            long evaluations = 0;
            // Two horizontally adjacent pixels per pass over the list: each splat is loaded once for both. Each pixel still
            // sees exactly the sequence of Blend calls of its own loop (none after it is done), so results are unchanged.
            for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x += 2)
            {
                var a = PixelAccumulator.Start;
                var b = PixelAccumulator.Start;
                bool second = x + 1 < x1;
                b.Done = !second;
                float px = x, py = y;
                for (int j = start; j < end; j++)
                {
                    var s = gathered[j];
                    if (!a.Done) Compositing.Blend(ref a, s, px, py, bp);
                    if (!b.Done) Compositing.Blend(ref b, s, px + 1f, py, bp);
                    if (a.Done && b.Done) break;
                }
                int p = y * w + x;
                StorePixel(a, p, plane, bp, color, alpha, depth, finalT, lastContributor);
                evaluations += a.Evaluated;
                if (second)
                {
                    StorePixel(b, p + 1, plane, bp, color, alpha, depth, finalT, lastContributor);
                    evaluations += b.Evaluated;
                }
            }
            tileEvaluations[tile] = evaluations;
        }
    }

    /// <summary>Writes one pixel's composite: colour with T_final·bg, alpha 1 − T_final, depth, and the backward state.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePixel(in PixelAccumulator acc, int p, int plane, in BlendParams bp, ArrayView<float> color, ArrayView<float> alpha,
        ArrayView<float> depth, ArrayView<float> finalT, ArrayView<int> lastContributor)
    {
        color[p] = acc.R + acc.T * bp.BgR;
        color[plane + p] = acc.G + acc.T * bp.BgG;
        color[2 * plane + p] = acc.B + acc.T * bp.BgB;
        alpha[p] = 1f - acc.T;
        depth[p] = acc.Depth;
        finalT[p] = acc.T;
        lastContributor[p] = acc.LastContributor;
    }

    /// <summary>
    /// Stage 3 backward, one thread per tile: every pixel walks its list back to front from the last contributor
    /// (<see cref="Compositing.BackwardStep"/>), summing ∂L/∂splat per (tile, Gaussian) pair without atomics (the thread owns the
    /// tile), then adds each pair's sum to its Gaussian with one atomic add per field.
    /// </summary>
    public static void BlendBackward(BlendParams bp, ArrayView<int> tileStart, ArrayView<int> pairs, ArrayView<Splat> gathered,
        ArrayView<float> finalT, ArrayView<int> lastContributor, ArrayView<float> dColor, ArrayView<float> dAlpha, ArrayView<float> dDepth,
        ArrayView<SplatGrad> pairGrads, ArrayView<float> splatGrads)
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X;
        int tiles = bp.TilesX * bp.TilesY, w = bp.Width, h = bp.Height, plane = w * h;
        for (int tile = t; tile < tiles; tile += threads)
        {
            int x0 = tile % bp.TilesX * RasterSettings.TileSize, y0 = tile / bp.TilesX * RasterSettings.TileSize;
            int start = tileStart[tile], end = tileStart[tile + 1];
            if (end == start) continue;
            for (int j = start; j < end; j++) pairGrads[j] = default;
            int x1 = Math.Min(w, x0 + RasterSettings.TileSize), y1 = Math.Min(h, y0 + RasterSettings.TileSize);
            for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
            {
                int p = y * w + x;
                int last = lastContributor[p];
                if (last == 0) continue;
                var st = Compositing.StartBackward(finalT[p], dColor[p], dColor[plane + p], dColor[2 * plane + p], dDepth[p], dAlpha[p], bp);
                float px = x, py = y;
                for (int j = start + last - 1; j >= start; j--)
                    Compositing.BackwardStep(ref st, gathered[j], px, py, bp, ref pairGrads[j]);
            }
            for (int j = start; j < end; j++)
                SplatGrad.AtomicAdd(splatGrads, pairs[j], pairGrads[j]);
        }
    }

    /// <summary>
    /// Stage 1 backward, per Gaussian (<see cref="GaussianStages.PreprocessBackward"/>): reads the Gaussian's summed ∂L/∂splat
    /// (<see cref="SplatGrad.Floats"/> floats per Gaussian) and writes ∂L/∂inputs.
    /// </summary>
    public static void PreprocessBackward(ProjectionParams pp, GaussianViews g, ArrayView<int> radii, ArrayView<float> splatGrads,
        GradientViews d, int count, int chunk)
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X;
        for (int b = t * chunk; b < count; b += threads * chunk)
        for (int i = b, e = Math.Min(count, b + chunk); i < e; i++)
        {
            int o = i * SplatGrad.Floats;
            SplatGrad sg;
            sg.X = splatGrads[o]; sg.Y = splatGrads[o + 1];
            sg.ConicA = splatGrads[o + 2]; sg.ConicB = splatGrads[o + 3]; sg.ConicC = splatGrads[o + 4];
            sg.Opacity = splatGrads[o + 5];
            sg.R = splatGrads[o + 6]; sg.G = splatGrads[o + 7]; sg.B = splatGrads[o + 8];
            sg.Depth = splatGrads[o + 9];
            GaussianStages.PreprocessBackward(pp, g, i, radii[i] != 0, sg, ref d);
        }
    }
}
