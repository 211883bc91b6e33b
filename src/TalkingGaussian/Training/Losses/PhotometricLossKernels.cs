using ILGPU;

namespace TalkingGaussian.Training.Losses;

/// <summary>
/// The ILGPU kernels of L1 + λ·D-SSIM (paper Eq. 9–11), the 11×11 window of the released SSIM applied as two 1D passes
/// (rows, then columns; the window is the outer product g·gᵀ, shared/reference/original-code.md §8). The maths and its
/// derivation are those of <see cref="ReferencePhotometricLoss"/>; here they run in float32 over planar [3, H, W] images
/// of n = 3·H·W values.
/// </summary>
/// <remarks>
/// Forward: <see cref="RowMoments"/> → <see cref="ColumnSsim"/> → <see cref="RowSums"/>. Backward (the transposed
/// convolution of the three partial-derivative maps, also separable): <see cref="RowFilter"/> → <see cref="ColumnGradient"/>.
/// Every pixel kernel is a grid-stride loop over chunks of <c>chunk</c> consecutive pixels (<c>ComputeDevice.ChunkSize</c>:
/// contiguous blocks on the CPU accelerator, one pixel per thread, coalesced, on CUDA). No atomics: every output value
/// is written by one thread, and the sums are per image row, in double, in a fixed order, so results do not depend on
/// the thread count.
/// </remarks>
public static class PhotometricLossKernels
{
    private const int R = SsimWindow.Radius;

    /// <summary>Pass 1: the five moment images x, y, x², y², x·y filtered along rows (zero padding).</summary>
    /// <param name="taps">[11] the 1D window g.</param>
    /// <param name="x">[n] the rendered image.</param>
    /// <param name="y">[n] the target.</param>
    /// <param name="rows">[n] output: the moments filtered along rows.</param>
    /// <param name="width">Image width W.</param>
    /// <param name="n">3·H·W.</param>
    /// <param name="chunk">Consecutive pixels per work item.</param>
    public static void RowMoments(ArrayView<float> taps, ArrayView<float> x, ArrayView<float> y, ArrayView<WindowMoments> rows,
        int width, int n, int chunk)
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X;
        var g = LoadTaps(taps);
        for (int b = t * chunk; b < n; b += threads * chunk)
        {
            int e = Math.Min(n, b + chunk), px = b % width;
            for (int i = b; i < e; i++)
            {
                float mx = 0f, my = 0f, sxx = 0f, syy = 0f, sxy = 0f;
                int k1 = Math.Min(R, width - 1 - px);
                for (int k = Math.Max(-R, -px); k <= k1; k++)
                {
                    float w = g[k + R], u = x[i + k], v = y[i + k];
                    mx += w * u; my += w * v; sxx += w * u * u; syy += w * v * v; sxy += w * u * v;
                }
                rows[i] = new WindowMoments { X = mx, Y = my, XX = sxx, YY = syy, XY = sxy };
                if (++px == width) px = 0;
            }
        }
    }

    /// <summary>
    /// Pass 2: the column filter completes μx, μy, Sxx, Syy, Sxy; writes the SSIM map S and, when
    /// <paramref name="backward"/> is 1, the three partial-derivative maps k·∂S/∂μx, k·∂S/∂Sxx, k·∂S/∂Sxy.
    /// </summary>
    /// <param name="taps">[11] the 1D window g.</param>
    /// <param name="rows">[n] output of <see cref="RowMoments"/>.</param>
    /// <param name="map">[n] the SSIM map S.</param>
    /// <param name="partials">[n] the scaled partial derivatives (untouched unless backward).</param>
    /// <param name="width">W.</param>
    /// <param name="height">H.</param>
    /// <param name="n">3·H·W.</param>
    /// <param name="chunk">Consecutive pixels per work item.</param>
    /// <param name="k">∂loss/∂S(p): −scale·λ/n.</param>
    /// <param name="backward">1 to write the partials.</param>
    public static void ColumnSsim(ArrayView<float> taps, ArrayView<WindowMoments> rows, ArrayView<float> map, ArrayView<SsimPartials> partials,
        int width, int height, int n, int chunk, float k, int backward)
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X;
        var g = LoadTaps(taps);
        for (int b = t * chunk; b < n; b += threads * chunk)
        {
            int e = Math.Min(n, b + chunk), px = b % width, py = b / width % height;
            for (int i = b; i < e; i++)
            {
                float mx = 0f, my = 0f, sxx = 0f, syy = 0f, sxy = 0f;
                int k1 = Math.Min(R, height - 1 - py);
                for (int d = Math.Max(-R, -py); d <= k1; d++)
                {
                    var m = rows[i + d * width];
                    float w = g[d + R];
                    mx += w * m.X; my += w * m.Y; sxx += w * m.XX; syy += w * m.YY; sxy += w * m.XY;
                }
                float a1 = 2f * mx * my + SsimWindow.C1, a2 = 2f * (sxy - mx * my) + SsimWindow.C2;
                float b1 = mx * mx + my * my + SsimWindow.C1, b2 = (sxx - mx * mx) + (syy - my * my) + SsimWindow.C2;
                float den = b1 * b2, s = a1 * a2 / den;
                map[i] = s;
                if (backward != 0)
                {
                    partials[i] = new SsimPartials
                    {
                        Mean = k * (2f * my * (a2 - a1) - 2f * mx * s * (b2 - b1)) / den,
                        XX = -k * s / b2,
                        XY = k * 2f * a1 / den,
                    };
                }
                if (++px == width)
                {
                    px = 0;
                    if (++py == height) py = 0;
                }
            }
        }
    }

    /// <summary>Per image row (3·H of them): Σ S and Σ |x − y| in double, sequentially along the row.</summary>
    /// <param name="x">[n] the rendered image.</param>
    /// <param name="y">[n] the target.</param>
    /// <param name="map">[n] the SSIM map.</param>
    /// <param name="sums">[rowCount, 2] output (Σ S, Σ |x − y|).</param>
    /// <param name="width">W.</param>
    /// <param name="rowCount">3·H.</param>
    /// <param name="chunk">Rows per work item.</param>
    public static void RowSums(ArrayView<float> x, ArrayView<float> y, ArrayView<float> map, ArrayView<double> sums,
        int width, int rowCount, int chunk)
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X;
        for (int b = t * chunk; b < rowCount; b += threads * chunk)
        {
            int e = Math.Min(rowCount, b + chunk);
            for (int row = b; row < e; row++)
            {
                double s = 0, l1 = 0;
                for (int i = row * width; i < (row + 1) * width; i++)
                {
                    float d = x[i] - y[i];
                    s += map[i];
                    l1 += d < 0f ? -d : d;
                }
                sums[2 * row] = s;
                sums[2 * row + 1] = l1;
            }
        }
    }

    /// <summary>Backward pass 1: the three partial-derivative maps filtered along rows (the transposed convolution's first half).</summary>
    /// <param name="taps">[11] the 1D window g (symmetric, so its transpose).</param>
    /// <param name="partials">[n] input.</param>
    /// <param name="output">[n] output.</param>
    /// <param name="width">W.</param>
    /// <param name="n">3·H·W.</param>
    /// <param name="chunk">Consecutive pixels per work item.</param>
    public static void RowFilter(ArrayView<float> taps, ArrayView<SsimPartials> partials, ArrayView<SsimPartials> output, int width, int n, int chunk)
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X;
        var g = LoadTaps(taps);
        for (int b = t * chunk; b < n; b += threads * chunk)
        {
            int e = Math.Min(n, b + chunk), px = b % width;
            for (int i = b; i < e; i++)
            {
                float m = 0f, xx = 0f, xy = 0f;
                int k1 = Math.Min(R, width - 1 - px);
                for (int k = Math.Max(-R, -px); k <= k1; k++)
                {
                    var p = partials[i + k];
                    float w = g[k + R];
                    m += w * p.Mean; xx += w * p.XX; xy += w * p.XY;
                }
                output[i] = new SsimPartials { Mean = m, XX = xx, XY = xy };
                if (++px == width) px = 0;
            }
        }
    }

    /// <summary>
    /// Backward pass 2: the column filter completes the transposed convolution, and the chain rule through the moments
    /// gives ∂/∂x(q) = P_μ(q) + 2x(q)·P_xx(q) + y(q)·P_xy(q), plus L1's kL1·sign(x − y).
    /// </summary>
    /// <param name="taps">[11] the 1D window g.</param>
    /// <param name="x">[n] the rendered image.</param>
    /// <param name="y">[n] the target.</param>
    /// <param name="filtered">[n] output of <see cref="RowFilter"/>.</param>
    /// <param name="gradient">[n] output: scale·∂(L1 + λ·D-SSIM)/∂x.</param>
    /// <param name="width">W.</param>
    /// <param name="height">H.</param>
    /// <param name="n">3·H·W.</param>
    /// <param name="chunk">Consecutive pixels per work item.</param>
    /// <param name="kL1">scale/n.</param>
    public static void ColumnGradient(ArrayView<float> taps, ArrayView<float> x, ArrayView<float> y, ArrayView<SsimPartials> filtered,
        ArrayView<float> gradient, int width, int height, int n, int chunk, float kL1)
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X;
        var g = LoadTaps(taps);
        for (int b = t * chunk; b < n; b += threads * chunk)
        {
            int e = Math.Min(n, b + chunk), px = b % width, py = b / width % height;
            for (int i = b; i < e; i++)
            {
                float m = 0f, xx = 0f, xy = 0f;
                int k1 = Math.Min(R, height - 1 - py);
                for (int d = Math.Max(-R, -py); d <= k1; d++)
                {
                    var p = filtered[i + d * width];
                    float w = g[d + R];
                    m += w * p.Mean; xx += w * p.XX; xy += w * p.XY;
                }
                float u = x[i], v = y[i], diff = u - v;
                gradient[i] = m + 2f * u * xx + v * xy + (diff > 0f ? kL1 : diff < 0f ? -kL1 : 0f);
                if (++px == width)
                {
                    px = 0;
                    if (++py == height) py = 0;
                }
            }
        }
    }

    /// <summary>The 11 taps copied into a per-thread array once per launch (a local array on PTX).</summary>
    private static float[] LoadTaps(ArrayView<float> taps)
    {
        var g = new float[SsimWindow.Size];
        for (int k = 0; k < SsimWindow.Size; k++) g[k] = taps[k];
        return g;
    }
}
