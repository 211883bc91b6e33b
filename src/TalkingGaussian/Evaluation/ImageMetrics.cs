using TalkingGaussian.Data;

namespace TalkingGaussian.Evaluation;

/// <summary>
/// Pixel metrics as the released <c>metrics.py</c> computes them (shared/reference/original-code.md §6.3): per frame,
/// PSNR = −10·log10(mean((a − b)²)) over all H·W·3 values in [0, 1]; a run's figure is the mean over frames. Identical
/// frames give +∞, as numpy does.
/// </summary>
public static class ImageMetrics
{
    /// <summary>Mean squared error over all values (accumulated in double).</summary>
    public static double MeanSquaredError(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Images differ in size: {a.Length} and {b.Length} values.");
        if (a.Length == 0) throw new ArgumentException("Empty images have no error.");
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum / a.Length;
    }

    /// <summary>PSNR in dB of two images in [0, 1] (peak 1).</summary>
    public static double Psnr(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => FromMse(MeanSquaredError(a, b));

    /// <summary>PSNR in dB from a mean squared error (peak 1): −10·log10(mse).</summary>
    public static double FromMse(double mse) => mse <= 0 ? double.PositiveInfinity : -10.0 * Math.Log10(mse);

    /// <summary>
    /// PSNR over the square lips crop of planar [C, H, W] images: every channel, rows
    /// [<see cref="LipsRectangle.RowStart"/>, RowEnd) and columns [ColStart, ColEnd), clipped to the image (the released
    /// slicing would wrap a negative start around; a clipped crop is what was meant). NaN when the crop is empty.
    /// </summary>
    public static double LipsPsnr(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int width, int height, LipsRectangle lips)
    {
        int plane = width * height;
        if (a.Length != b.Length || plane == 0 || a.Length % plane != 0)
            throw new ArgumentException($"Images must both be [C, {height}, {width}]; got {a.Length} and {b.Length} values.");
        int r0 = Math.Clamp(lips.RowStart, 0, height), r1 = Math.Clamp(lips.RowEnd, 0, height);
        int c0 = Math.Clamp(lips.ColStart, 0, width), c1 = Math.Clamp(lips.ColEnd, 0, width);
        if (r1 <= r0 || c1 <= c0) return double.NaN;
        double sum = 0;
        int channels = a.Length / plane;
        for (int c = 0; c < channels; c++)
            for (int y = r0; y < r1; y++)
            {
                int o = c * plane + y * width;
                for (int x = c0; x < c1; x++)
                {
                    double d = a[o + x] - b[o + x];
                    sum += d * d;
                }
            }
        return FromMse(sum / (channels * (r1 - r0) * (c1 - c0)));
    }

    /// <summary>
    /// PSNR over the pixels of planar [C, H, W] images where <paramref name="mask"/> [H, W] is set, every channel (e.g. the
    /// inside mouth and teeth). NaN when the mask is empty.
    /// </summary>
    public static double MaskedPsnr(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<bool> mask)
    {
        int plane = mask.Length;
        if (a.Length != b.Length || plane == 0 || a.Length % plane != 0)
            throw new ArgumentException($"Images must both be [C, H, W] with H·W = {plane} (the mask); got {a.Length} and {b.Length} values.");
        double sum = 0;
        int pixels = 0, channels = a.Length / plane;
        for (int p = 0; p < plane; p++)
        {
            if (!mask[p]) continue;
            pixels++;
            for (int c = 0; c < channels; c++)
            {
                double d = a[c * plane + p] - b[c * plane + p];
                sum += d * d;
            }
        }
        return pixels == 0 ? double.NaN : FromMse(sum / (channels * pixels));
    }
}
