namespace TalkingGaussian.Evaluation;

/// <summary>
/// SSIM as the released <c>utils/loss_utils.py::ssim</c> computes it (original-code.md §8), the standard form of Wang et
/// al. 2004: an 11×11 Gaussian window with σ = 1.5 normalised to sum 1 (the outer product of the 1-D window), applied
/// per channel with zero padding 5 (same size), C1 = 0.01², C2 = 0.03², and the SSIM map
/// ((2μ₁μ₂ + C1)(2σ₁₂ + C2)) / ((μ₁² + μ₂² + C1)(σ₁² + σ₂² + C2)) averaged over channels and pixels. The window is
/// separable, so each moment is two 1-D passes (computed in double). This is the metric; the differentiable D-SSIM loss
/// lives with the training losses.
/// </summary>
public sealed class StructuralSimilarity
{
    /// <summary>Window side.</summary>
    public const int WindowSize = 11;

    /// <summary>Window standard deviation in pixels.</summary>
    public const double Sigma = 1.5;

    /// <summary>Stabilisers (K1·L)², (K2·L)² with L = 1.</summary>
    public const double C1 = 0.01 * 0.01, C2 = 0.03 * 0.03;

    private static readonly double[] Window = MakeWindow();
    private double[] _mu1 = [], _mu2 = [], _s11 = [], _s22 = [], _s12 = [], _row = [], _tmp = [];

    /// <summary>The normalised 1-D Gaussian window (11 taps, σ = 1.5).</summary>
    public static ReadOnlySpan<double> Window1D => Window;

    /// <summary>Mean SSIM of two planar [C, H, W] images in [0, 1]. Buffers are reused across calls of one instance.</summary>
    public double Compute(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int width, int height)
    {
        int plane = width * height;
        if (width <= 0 || height <= 0 || a.Length != b.Length || a.Length % plane != 0)
            throw new ArgumentException($"Images must both be [C, {height}, {width}]; got {a.Length} and {b.Length} values.");
        Ensure(plane, Math.Max(width, height));
        int channels = a.Length / plane;
        double total = 0;
        for (int c = 0; c < channels; c++)
        {
            var x = a.Slice(c * plane, plane);
            var y = b.Slice(c * plane, plane);
            Blur(x, y, 0, width, height, _mu1);
            Blur(x, y, 1, width, height, _mu2);
            Blur(x, y, 2, width, height, _s11);
            Blur(x, y, 3, width, height, _s22);
            Blur(x, y, 4, width, height, _s12);
            for (int i = 0; i < plane; i++)
            {
                double m1 = _mu1[i], m2 = _mu2[i];
                double v1 = _s11[i] - m1 * m1, v2 = _s22[i] - m2 * m2, v12 = _s12[i] - m1 * m2;
                total += (2 * m1 * m2 + C1) * (2 * v12 + C2) / ((m1 * m1 + m2 * m2 + C1) * (v1 + v2 + C2));
            }
        }
        return total / (channels * (double)plane);
    }

    /// <summary>Window-weighted moment <paramref name="kind"/> (0: x, 1: y, 2: x², 3: y², 4: xy), zero padded.</summary>
    private void Blur(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int kind, int width, int height, double[] output)
    {
        const int r = WindowSize / 2;
        // Horizontal pass into _tmp.
        for (int row = 0; row < height; row++)
        {
            int o = row * width;
            for (int col = 0; col < width; col++)
            {
                int i = o + col;
                _row[col] = kind switch { 0 => x[i], 1 => y[i], 2 => (double)x[i] * x[i], 3 => (double)y[i] * y[i], _ => (double)x[i] * y[i] };
            }
            for (int col = 0; col < width; col++)
            {
                double s = 0;
                int lo = Math.Max(0, col - r), hi = Math.Min(width - 1, col + r);
                for (int k = lo; k <= hi; k++) s += Window[k - col + r] * _row[k];
                _tmp[o + col] = s;
            }
        }
        // Vertical pass into output.
        for (int row = 0; row < height; row++)
        {
            int lo = Math.Max(0, row - r), hi = Math.Min(height - 1, row + r);
            var dst = output.AsSpan(row * width, width);
            dst.Clear();
            for (int k = lo; k <= hi; k++)
            {
                double w = Window[k - row + r];
                var src = _tmp.AsSpan(k * width, width);
                for (int col = 0; col < width; col++) dst[col] += w * src[col];
            }
        }
    }

    private void Ensure(int plane, int side)
    {
        if (_mu1.Length < plane)
        {
            _mu1 = new double[plane]; _mu2 = new double[plane]; _s11 = new double[plane];
            _s22 = new double[plane]; _s12 = new double[plane]; _tmp = new double[plane];
        }
        if (_row.Length < side) _row = new double[side];
    }

    private static double[] MakeWindow()
    {
        var w = new double[WindowSize];
        double sum = 0;
        for (int i = 0; i < WindowSize; i++)
        {
            double d = i - WindowSize / 2;
            w[i] = Math.Exp(-d * d / (2 * Sigma * Sigma));
            sum += w[i];
        }
        for (int i = 0; i < WindowSize; i++) w[i] /= sum;
        return w;
    }
}
