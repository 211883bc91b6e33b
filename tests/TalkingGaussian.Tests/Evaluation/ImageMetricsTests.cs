using TalkingGaussian.Data;
using TalkingGaussian.Evaluation;
using TalkingGaussian.Training.Losses;

namespace TalkingGaussian.Tests.Evaluation;

public sealed class ImageMetricsTests
{
    private static float[] Filled(int n, float v) => Enumerable.Repeat(v, n).ToArray();

    [Fact]
    public void Psnr_of_hand_checked_pairs()
    {
        // a uniform error of 0.1: mse 0.01, PSNR 20 dB
        Assert.Equal(20.0, ImageMetrics.Psnr(Filled(300, 0.5f), Filled(300, 0.6f)), 5);
        // one value off by 1 in 10×10×3: mse 1/300, PSNR 10·log10(300) = 24.7712 dB
        var a = Filled(300, 0.25f);
        var b = Filled(300, 0.25f);
        b[17] = 1.25f;
        Assert.Equal(24.7712, ImageMetrics.Psnr(a, b), 4);
        Assert.Equal(double.PositiveInfinity, ImageMetrics.Psnr(a, a));
    }

    [Fact]
    public void Lips_psnr_scores_the_crop_only_and_clips_it_to_the_frame()
    {
        const int w = 10, h = 8;
        var a = Filled(3 * w * h, 0.5f);
        var b = Filled(3 * w * h, 0.5f);
        // error 0.1 inside rows 2–3, columns 4–6 of every channel, error 1 outside the crop
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    b[(c * h + y) * w + x] = y is >= 2 and < 4 && x is >= 4 and < 7 ? 0.6f : 1.5f;
        Assert.Equal(20.0, ImageMetrics.LipsPsnr(a, b, w, h, new LipsRectangle(2, 4, 4, 7)), 5);
        // a crop reaching past the frame is clipped: rows −3…4 become 0…4, which now includes error-1 rows 0–1
        double clipped = ImageMetrics.LipsPsnr(a, b, w, h, new LipsRectangle(-3, 4, 4, 7));
        double mse = (2 * 3 * 0.01 + 2 * 3 * 1.0) / 12;
        Assert.Equal(-10 * Math.Log10(mse), clipped, 4);
        Assert.True(double.IsNaN(ImageMetrics.LipsPsnr(a, b, w, h, new LipsRectangle(20, 30, 0, 5))));
    }

    [Fact]
    public void Ssim_of_a_single_pixel_follows_the_formula_with_the_centre_weight()
    {
        // On a 1×1 image only the window's centre weight w lies inside the zero padding:
        // μ = w·a, σ² = w·a² − w²·a², σ_ab = w·a·b − w²·a·b.
        double g = 0;
        for (int i = -5; i <= 5; i++) g += Math.Exp(-i * i / (2 * 1.5 * 1.5));
        double w = 1 / (g * g);
        const double a = 0.8, b = 0.3, c1 = 1e-4, c2 = 9e-4;
        double ma = w * a, mb = w * b, va = w * a * a - ma * ma, vb = w * b * b - mb * mb, cab = w * a * b - ma * mb;
        double expected = (2 * ma * mb + c1) * (2 * cab + c2) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
        double got = Ssim.Mean([0.8f, 0.8f, 0.8f], [0.3f, 0.3f, 0.3f], 3, 1, 1);
        Assert.Equal(expected, got, 1e-7); // measured 2.0e-8: float inputs (0.8f is not 0.8) and a float result
    }

    [Fact]
    public void Ssim_metric_matches_a_direct_two_dimensional_window_and_is_one_for_identical_images()
    {
        const int w = 19, h = 14;
        var rng = new Random(4);
        var a = Enumerable.Range(0, 3 * w * h).Select(_ => (float)rng.NextDouble()).ToArray();
        var b = a.Select(v => Math.Clamp(v + (float)(rng.NextDouble() - 0.5) * 0.3f, 0f, 1f)).ToArray();
        Assert.Equal(1.0, Ssim.Mean(a, a, 3, w, h), 1e-15); // measured 0
        double direct = DirectSsim(a, b, w, h);
        Assert.Equal(direct, Ssim.Mean(a, b, 3, w, h), 1e-7); // measured 1.2e-8: the mean is returned as float
    }

    /// <summary>SSIM with the 11×11 window applied directly (no separation), zero padding.</summary>
    private static double DirectSsim(float[] a, float[] b, int w, int h)
    {
        var g1 = Enumerable.Range(-5, 11).Select(i => Math.Exp(-i * i / (2 * 1.5 * 1.5))).ToArray();
        double sum = g1.Sum();
        for (int i = 0; i < 11; i++) g1[i] /= sum;
        double total = 0;
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    double m1 = 0, m2 = 0, s11 = 0, s22 = 0, s12 = 0;
                    for (int dy = -5; dy <= 5; dy++)
                        for (int dx = -5; dx <= 5; dx++)
                        {
                            int yy = y + dy, xx = x + dx;
                            if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                            double wt = g1[dy + 5] * g1[dx + 5], p = a[(c * h + yy) * w + xx], q = b[(c * h + yy) * w + xx];
                            m1 += wt * p; m2 += wt * q; s11 += wt * p * p; s22 += wt * q * q; s12 += wt * p * q;
                        }
                    double v1 = s11 - m1 * m1, v2 = s22 - m2 * m2, v12 = s12 - m1 * m2;
                    total += (2 * m1 * m2 + 1e-4) * (2 * v12 + 9e-4) / ((m1 * m1 + m2 * m2 + 1e-4) * (v1 + v2 + 9e-4));
                }
        return total / (3 * w * h);
    }
}
