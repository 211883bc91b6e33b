using System.Runtime.CompilerServices;
using ILGPU;
using TalkingGaussian.Gaussians;

namespace TalkingGaussian.Rendering;

/// <summary>Device views of the per-Gaussian rasterizer inputs (layouts of <see cref="RasterInputs"/>).</summary>
public struct GaussianViews
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
}

/// <summary>Device views of the per-Gaussian gradients the backward pass returns.</summary>
public struct GradientViews
{
    /// <summary>[N, 3] ∂L/∂μ, [N, 2] ∂L/∂means2D (NDC), [N, 3] ∂L/∂s, [N, 4] ∂L/∂q, [N] ∂L/∂α.</summary>
    public ArrayView<float> Means, Means2D, Scales, Rotations, Opacities;

    /// <summary>∂L/∂features, same layout as <see cref="GaussianViews.Features"/>.</summary>
    public ArrayView<float> Features;
}

/// <summary>
/// The rasterizer kernels in the CPU-friendly shape (shared/reference/ilgpu.md §5): explicitly grouped, each thread takes
/// coarse work items (a chunk of Gaussians, a whole 16×16 tile) in a grid-stride loop. They also compile for CUDA
/// (one thread per tile there). All per-Gaussian and per-pixel maths lives in <see cref="Projection"/>,
/// <see cref="Compositing"/> and <see cref="SphericalHarmonics"/>, shared with <see cref="ReferenceRasterizer"/>.
/// </summary>
public static class RasterKernels
{
    /// <summary>
    /// Stage 1, per Gaussian: EWA projection (<see cref="Projection.Forward"/>), colour from SH or precomputed RGB, opacity and
    /// early-reject floor. Writes the splat, tile rectangle (empty when culled), radius and view depth.
    /// </summary>
    public static void Preprocess(ProjectionParams pp, GaussianViews g, ArrayView<Splat> splats, ArrayView<TileRect> rects,
        ArrayView<int> radii, int count, int chunk)
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X;
        for (int b = t * chunk; b < count; b += threads * chunk)
        for (int i = b, e = Math.Min(count, b + chunk); i < e; i++)
        {
            float mx = g.Means[3 * i], my = g.Means[3 * i + 1], mz = g.Means[3 * i + 2];
            int radius = Projection.Forward(pp, mx, my, mz, g.Scales[3 * i], g.Scales[3 * i + 1], g.Scales[3 * i + 2],
                g.Rotations[4 * i], g.Rotations[4 * i + 1], g.Rotations[4 * i + 2], g.Rotations[4 * i + 3], out var s, out var rect);
            if (radius > 0)
            {
                int f = i * g.FeatureStride;
                if (g.Precomputed != 0)
                {
                    s.R = g.Features[f];
                    s.G = g.Features[f + 1];
                    s.B = g.Features[f + 2];
                }
                else
                {
                    // c = Σₖ Yₖ(d) fₖ + 0.5, clamped at 0; d = normalise(μ − camera centre).
                    SphericalHarmonics.Normalize(mx - pp.CamX, my - pp.CamY, mz - pp.CamZ, out float dx, out float dy, out float dz);
                    var basis = SphericalHarmonics.Basis(g.ActiveDegree, dx, dy, dz);
                    int k = SphericalHarmonics.CoefficientCount(g.ActiveDegree);
                    float r = SphericalHarmonics.ColorOffset, gg = SphericalHarmonics.ColorOffset, bb = SphericalHarmonics.ColorOffset;
                    for (int j = 0; j < k; j++)
                    {
                        float y = basis[j];
                        r += y * g.Features[f + 3 * j];
                        gg += y * g.Features[f + 3 * j + 1];
                        bb += y * g.Features[f + 3 * j + 2];
                    }
                    s.R = MathF.Max(r, 0f);
                    s.G = MathF.Max(gg, 0f);
                    s.B = MathF.Max(bb, 0f);
                }
                s.Opacity = g.Opacities[i];
                s.PowerFloor = Projection.PowerFloor(s.Opacity, pp.MinAlpha);
            }
            else rect = default;
            splats[i] = s;
            rects[i] = rect;
            radii[i] = radius;
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
    /// Stage 1 backward, per Gaussian: ∂L/∂splat → ∂L/∂(μ, s, q) through <see cref="Projection.Backward"/>, → SH coefficients and μ
    /// (view direction) or precomputed RGB, opacity, and the NDC-scaled screen-space mean gradient. Culled Gaussians get zeros.
    /// </summary>
    public static void PreprocessBackward(ProjectionParams pp, GaussianViews g, ArrayView<int> radii, ArrayView<float> splatGrads,
        GradientViews d, int count, int chunk)
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X;
        for (int b = t * chunk; b < count; b += threads * chunk)
        for (int i = b, e = Math.Min(count, b + chunk); i < e; i++)
        {
            int f = i * g.FeatureStride;
            if (radii[i] == 0)
            {
                for (int a = 0; a < 3; a++) { d.Means[3 * i + a] = 0f; d.Scales[3 * i + a] = 0f; }
                for (int a = 0; a < 4; a++) d.Rotations[4 * i + a] = 0f;
                d.Means2D[2 * i] = 0f; d.Means2D[2 * i + 1] = 0f;
                d.Opacities[i] = 0f;
                for (int a = 0; a < g.FeatureStride; a++) d.Features[f + a] = 0f;
                continue;
            }
            int o = i * SplatGrad.Floats;
            SplatGrad sg;
            sg.X = splatGrads[o]; sg.Y = splatGrads[o + 1];
            sg.ConicA = splatGrads[o + 2]; sg.ConicB = splatGrads[o + 3]; sg.ConicC = splatGrads[o + 4];
            sg.Opacity = splatGrads[o + 5];
            sg.R = splatGrads[o + 6]; sg.G = splatGrads[o + 7]; sg.B = splatGrads[o + 8];
            sg.Depth = splatGrads[o + 9];
            float mx = g.Means[3 * i], my = g.Means[3 * i + 1], mz = g.Means[3 * i + 2];
            Projection.Backward(pp, mx, my, mz, g.Scales[3 * i], g.Scales[3 * i + 1], g.Scales[3 * i + 2],
                g.Rotations[4 * i], g.Rotations[4 * i + 1], g.Rotations[4 * i + 2], g.Rotations[4 * i + 3], sg,
                out float dmx, out float dmy, out float dmz, out float dsx, out float dsy, out float dsz,
                out float dqw, out float dqx, out float dqy, out float dqz);
            if (g.Precomputed != 0)
            {
                d.Features[f] = sg.R;
                d.Features[f + 1] = sg.G;
                d.Features[f + 2] = sg.B;
            }
            else
            {
                float norm = SphericalHarmonics.Normalize(mx - pp.CamX, my - pp.CamY, mz - pp.CamZ, out float dx, out float dy, out float dz);
                var basis = SphericalHarmonics.Basis(g.ActiveDegree, dx, dy, dz);
                int k = SphericalHarmonics.CoefficientCount(g.ActiveDegree);
                float r = SphericalHarmonics.ColorOffset, gg = SphericalHarmonics.ColorOffset, bb = SphericalHarmonics.ColorOffset;
                for (int j = 0; j < k; j++)
                {
                    r += basis[j] * g.Features[f + 3 * j];
                    gg += basis[j] * g.Features[f + 3 * j + 1];
                    bb += basis[j] * g.Features[f + 3 * j + 2];
                }
                // A channel clamped at 0 in the forward pass passes no gradient.
                float gr = r < 0f ? 0f : sg.R, ggr = gg < 0f ? 0f : sg.G, gbr = bb < 0f ? 0f : sg.B;
                var dBasis = default(ShBasis);
                for (int j = 0; j < k; j++)
                {
                    d.Features[f + 3 * j] = basis[j] * gr;
                    d.Features[f + 3 * j + 1] = basis[j] * ggr;
                    d.Features[f + 3 * j + 2] = basis[j] * gbr;
                    dBasis[j] = g.Features[f + 3 * j] * gr + g.Features[f + 3 * j + 1] * ggr + g.Features[f + 3 * j + 2] * gbr;
                }
                for (int j = 3 * k; j < g.FeatureStride; j++) d.Features[f + j] = 0f; // bands above the active degree
                SphericalHarmonics.BasisBackward(g.ActiveDegree, dx, dy, dz, dBasis, out float ddx, out float ddy, out float ddz);
                SphericalHarmonics.NormalizeBackward(norm, dx, dy, dz, ddx, ddy, ddz, out float vx, out float vy, out float vz);
                dmx += vx; dmy += vy; dmz += vz;
            }
            d.Means[3 * i] = dmx; d.Means[3 * i + 1] = dmy; d.Means[3 * i + 2] = dmz;
            d.Scales[3 * i] = dsx; d.Scales[3 * i + 1] = dsy; d.Scales[3 * i + 2] = dsz;
            d.Rotations[4 * i] = dqw; d.Rotations[4 * i + 1] = dqx; d.Rotations[4 * i + 2] = dqy; d.Rotations[4 * i + 3] = dqz;
            d.Means2D[2 * i] = sg.X * 0.5f * pp.Width;
            d.Means2D[2 * i + 1] = sg.Y * 0.5f * pp.Height;
            d.Opacities[i] = sg.Opacity;
        }
    }
}
