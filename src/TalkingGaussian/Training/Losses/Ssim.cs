using System.Buffers;

namespace TalkingGaussian.Training.Losses;

/// <summary>
/// The structural similarity index as the released code computes it (shared/reference/original-code.md §8, the SSIM
/// inside D-SSIM of paper Eq. 9–11), for evaluation: no gradient, double precision, the 11×11 window applied as two 1D
/// passes (rows, then columns), which the outer-product window allows. <see cref="ReferencePhotometricLoss"/> has the
/// formula with its derivation.
/// </summary>
public static class Ssim
{
    /// <summary>
    /// Mean SSIM over channels and pixels of two planar images [<paramref name="channels"/>, H, W]
    /// (1 for identical images). Also what <c>tg eval</c> reports.
    /// </summary>
    public static float Mean(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int channels, int width, int height)
    {
        if (channels <= 0 || width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(channels), $"Channels and size must be positive; got [{channels}, {height}, {width}].");
        long n = (long)channels * width * height;
        if (a.Length != n || b.Length != n)
            throw new ArgumentException($"Both images must hold [{channels}, {height}, {width}] = {n} floats; got {a.Length} and {b.Length}.");
        int plane = width * height, r = SsimWindow.Radius;
        var g = SsimWindow.Taps;
        var rows = ArrayPool<double>.Shared.Rent(5 * plane); // the five moments filtered along rows, [5, H, W]
        try
        {
            double sum = 0;
            for (int c = 0; c < channels; c++)
            {
                var x = a.Slice(c * plane, plane);
                var y = b.Slice(c * plane, plane);
                for (int py = 0; py < height; py++)
                for (int px = 0; px < width; px++)
                {
                    double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
                    for (int k = Math.Max(-r, -px); k <= Math.Min(r, width - 1 - px); k++)
                    {
                        int q = py * width + px + k;
                        double w = g[k + r], u = x[q], v = y[q];
                        mx += w * u; my += w * v; sxx += w * u * u; syy += w * v * v; sxy += w * u * v;
                    }
                    int p = py * width + px;
                    rows[p] = mx; rows[plane + p] = my; rows[2 * plane + p] = sxx; rows[3 * plane + p] = syy; rows[4 * plane + p] = sxy;
                }
                for (int py = 0; py < height; py++)
                for (int px = 0; px < width; px++)
                {
                    double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
                    for (int k = Math.Max(-r, -py); k <= Math.Min(r, height - 1 - py); k++)
                    {
                        int q = (py + k) * width + px;
                        double w = g[k + r];
                        mx += w * rows[q]; my += w * rows[plane + q]; sxx += w * rows[2 * plane + q];
                        syy += w * rows[3 * plane + q]; sxy += w * rows[4 * plane + q];
                    }
                    sum += Map(mx, my, sxx - mx * mx, syy - my * my, sxy - mx * my);
                }
            }
            return (float)(sum / n);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rows);
        }
    }

    /// <summary>The SSIM map at one pixel from its window moments: (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2)).</summary>
    private static double Map(double mx, double my, double vx, double vy, double cxy) =>
        (2 * mx * my + SsimWindow.C1) * (2 * cxy + SsimWindow.C2) /
        ((mx * mx + my * my + SsimWindow.C1) * (vx + vy + SsimWindow.C2));
}
