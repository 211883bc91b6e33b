namespace TalkingGaussian.Training.Losses;

/// <summary>
/// The scalar reference of L1 + λ·D-SSIM (paper Eq. 9–11; the released <c>l1_loss</c> and <c>ssim</c>,
/// shared/reference/original-code.md §8), written to read like the formulas: the plain 2D window, one pixel at a time,
/// in double. Slow (121 taps per moment per pixel); it is the yardstick the kernels are tested against and shares no code
/// with them.
/// </summary>
/// <remarks>
/// Forward, per channel and pixel p, with the 2D window w(d) = g(d_y)·g(d_x) over |d| ≤ 5 and x, y zero outside the image:
/// <code>
///   μx = Σ w·x,  μy = Σ w·y,  Sxx = Σ w·x²,  Syy = Σ w·y²,  Sxy = Σ w·x·y          (window-weighted moments)
///   σx² = Sxx − μx²,  σy² = Syy − μy²,  σxy = Sxy − μx·μy
///   A1 = 2μxμy + C1,  A2 = 2σxy + C2,  B1 = μx² + μy² + C1,  B2 = σx² + σy² + C2
///   S(p) = A1·A2 / (B1·B2),   SSIM = mean over 3·H·W of S,   D-SSIM = 1 − SSIM
/// </code>
/// Backward. S(p) depends on x only through μx(p), Sxx(p) and Sxy(p) (μy, Syy are constants of the target). Holding those
/// as the variables, σx² = Sxx − μx² and σxy = Sxy − μxμy give
/// <code>
///   ∂A1/∂μx = 2μy,   ∂A2/∂μx = −2μy,   ∂B1/∂μx = 2μx,   ∂B2/∂μx = −2μx,   ∂B2/∂Sxx = 1,   ∂A2/∂Sxy = 2
///   ∂S/∂μx  = [2μy·(A2 − A1) − 2μx·S·(B2 − B1)] / (B1·B2)
///   ∂S/∂Sxx = −S / B2
///   ∂S/∂Sxy = 2·A1 / (B1·B2)
/// </code>
/// (written without dividing by A1 or A2, which may vanish). The moments are linear in x with ∂μx(p)/∂x(q) = w(q − p),
/// ∂Sxx(p)/∂x(q) = 2x(q)·w(q − p), ∂Sxy(p)/∂x(q) = y(q)·w(q − p), so
/// <code>
///   ∂S̄/∂x(q) = Σ_p w(q − p)·[∂S/∂μx(p) + 2x(q)·∂S/∂Sxx(p) + y(q)·∂S/∂Sxy(p)]
/// </code>
/// a transposed convolution of the three partial-derivative maps (the window is symmetric, so it is the same correlation
/// with zero padding). Here it is written as a scatter from each p to its 121 neighbours q. L1's derivative is
/// sign(x − y)/(3HW), 0 where x = y (PyTorch's |·| backward).
/// </remarks>
public sealed class ReferencePhotometricLoss : IPhotometricLoss
{
    private double[] _gradient = [];

    /// <inheritdoc />
    public PhotometricLossValue Evaluate(ReadOnlySpan<float> image, ReadOnlySpan<float> target, int width, int height,
        float ssimWeight, Span<float> gradient, float scale = 1f)
    {
        PhotometricInputs.Check(image.Length, target.Length, width, height, gradient.Length);
        double[]? g = null;
        if (!gradient.IsEmpty)
        {
            if (_gradient.Length < image.Length) _gradient = new double[image.Length];
            g = _gradient;
            Array.Clear(g, 0, image.Length);
        }
        var (l1, dssim) = Compute(image, target, width, height, ssimWeight, g);
        if (g is not null)
            for (int i = 0; i < gradient.Length; i++) gradient[i] += (float)(scale * g[i]);
        return new PhotometricLossValue((float)l1, (float)dssim);
    }

    /// <summary>
    /// L1 and D-SSIM in double without a gradient: the function finite differences are taken of (a float32 loss would
    /// round a one-pixel change of order 1/(3HW) away).
    /// </summary>
    public static (double L1, double DSsim) Terms(ReadOnlySpan<float> image, ReadOnlySpan<float> target, int width, int height)
    {
        PhotometricInputs.Check(image.Length, target.Length, width, height, 0);
        return Compute(image, target, width, height, 0, null);
    }

    /// <summary>Both terms; when <paramref name="gradient"/> is given, writes ∂(L1 + λ·D-SSIM)/∂image into it.</summary>
    private static (double L1, double DSsim) Compute(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int width, int height,
        double lambda, double[]? gradient)
    {
        int n = x.Length, plane = width * height, r = SsimWindow.Radius;
        var g = SsimWindow.Taps;
        const double c1 = SsimWindow.C1, c2 = SsimWindow.C2;

        double l1 = 0;
        for (int i = 0; i < n; i++)
        {
            double d = (double)x[i] - y[i];
            l1 += Math.Abs(d);
            if (gradient is not null) gradient[i] += Math.Sign(d) / (double)n;
        }

        double ssim = 0;
        for (int c = 0; c < 3; c++)
        for (int py = 0; py < height; py++)
        for (int px = 0; px < width; px++)
        {
            double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
            for (int dy = -r; dy <= r; dy++)
            for (int dx = -r; dx <= r; dx++)
            {
                int qy = py + dy, qx = px + dx;
                if (qy < 0 || qy >= height || qx < 0 || qx >= width) continue; // zero padding
                int q = c * plane + qy * width + qx;
                double w = g[dy + r] * g[dx + r], a = x[q], b = y[q];
                mx += w * a; my += w * b; sxx += w * a * a; syy += w * b * b; sxy += w * a * b;
            }
            double vx = sxx - mx * mx, vy = syy - my * my, cxy = sxy - mx * my;
            double a1 = 2 * mx * my + c1, a2 = 2 * cxy + c2, b1 = mx * mx + my * my + c1, b2 = vx + vy + c2;
            double s = a1 * a2 / (b1 * b2);
            ssim += s;
            if (gradient is null) continue;

            // ∂(λ·(1 − mean S))/∂S(p) = −λ/n, times the partials of S(p) derived above.
            double k = -lambda / n;
            double dMean = k * (2 * my * (a2 - a1) - 2 * mx * s * (b2 - b1)) / (b1 * b2);
            double dSxx = k * -s / b2;
            double dSxy = k * 2 * a1 / (b1 * b2);
            for (int dy = -r; dy <= r; dy++)
            for (int dx = -r; dx <= r; dx++)
            {
                int qy = py + dy, qx = px + dx;
                if (qy < 0 || qy >= height || qx < 0 || qx >= width) continue;
                int q = c * plane + qy * width + qx;
                double w = g[dy + r] * g[dx + r];
                gradient[q] += w * (dMean + 2 * x[q] * dSxx + y[q] * dSxy);
            }
        }
        return (l1 / n, 1 - ssim / n);
    }

    /// <inheritdoc />
    public void Dispose() { }
}
