using TalkingGaussian.Compute;
using TalkingGaussian.Training.Losses;
using TalkingGaussian.Training.Losses.Cpu;
using Xunit.Abstractions;

namespace TalkingGaussian.Tests.Training.Losses;

/// <summary>
/// SSIM of image pairs whose value follows from the formula by hand (shared/reference/original-code.md §8), for the
/// reference, <see cref="Ssim.Mean"/>, the kernels and the SIMD CPU loss. The window coverage and the Gaussian taps are recomputed here from
/// their definitions, not read from the library.
/// </summary>
[Collection(ExclusiveCollection.Name)]
public class SsimKnownValuesTests(ITestOutputHelper output)
{
    private const double C1 = 1e-4, C2 = 9e-4;

    /// <summary>g(k) = exp(−k²/(2·1.5²)) / Σ_{j=−5..5} exp(−j²/(2·1.5²)).</summary>
    private static double G(int k)
    {
        double sum = 0;
        for (int j = -5; j <= 5; j++) sum += Math.Exp(-j * j / 4.5);
        return Math.Abs(k) > 5 ? 0 : Math.Exp(-k * k / 4.5) / sum;
    }

    /// <summary>
    /// Four SSIMs of one pair: the reference (double), Ssim.Mean (double, separable), the kernels and the SIMD loss (float,
    /// separable).
    /// </summary>
    private (double Reference, double Mean, double Kernel, double Simd) AllFour(float[] a, float[] b, int width, int height, double? expected = null)
    {
        double reference = 1 - ReferencePhotometricLoss.Terms(a, b, width, height).DSsim;
        double mean = Ssim.Mean(a, b, 3, width, height);
        using var kernel = new KernelPhotometricLoss(TestDevices.Cpu);
        double k = 1 - kernel.Evaluate(a, b, width, height, 0.2f, []).DSsim;
        using var simd = new SimdPhotometricLoss(ParallelWorkers.Get(2));
        double s = 1 - simd.Evaluate(a, b, width, height, 0.2f, []).DSsim;
        if (expected is { } e)
            output.WriteLine($"{width}×{height}: |Δ| reference {Math.Abs(reference - e):E1}, Ssim.Mean {Math.Abs(mean - e):E1}, kernel {Math.Abs(k - e):E1}, SIMD {Math.Abs(s - e):E1}");
        return (reference, mean, k, s);
    }

    [Fact]
    public void TheWindowIsTheNormalisedGaussianOfSigmaOneAndAHalf()
    {
        double sum = 0;
        for (int k = 0; k < 11; k++)
        {
            Assert.Equal(G(k - 5), SsimWindow.Taps[k], 1e-15);
            Assert.Equal(SsimWindow.Taps[k], SsimWindow.Taps[10 - k]); // symmetric: the transposed convolution is the same filter
            sum += SsimWindow.Taps[k];
        }
        Assert.Equal(1.0, sum, 1e-15);
        Assert.Equal(0.2660117, SsimWindow.Taps[5], 1e-7); // 1 / (1 + 2·(e^(−1/4.5) + e^(−4/4.5) + e^(−9/4.5) + e^(−16/4.5) + e^(−25/4.5))) = 1/3.759233
    }

    [Fact]
    public void IdenticalImagesGiveOne()
    {
        var (a, _) = LossTestImages.Pair(23, 17, 1);
        var (r, m, k, s) = AllFour(a, (float[])a.Clone(), 23, 17, 1.0);
        // For x = y: A1 = B1 and A2 = B2 at every pixel, so S ≡ 1. The float32 kernel and SIMD loss compute both sides from
        // the same operands in the same order, so their quotients are exactly 1 too (measured: all four exact).
        Assert.Equal(1.0, r, 1e-12);
        Assert.Equal(1.0, m, 1e-12);
        Assert.Equal(1.0, k, 1e-12);
        Assert.Equal(1.0, s, 1e-12);
    }

    [Theory]
    [InlineData(0.8, 0.3, 20, 16)]
    [InlineData(0.5, 0.5, 7, 30)]
    [InlineData(0.1, 0.9, 12, 12)]
    public void AConstantPairFollowsTheClosedFormWithTheZeroPaddedBorder(double a, double b, int width, int height)
    {
        // Constants x ≡ a, y ≡ b. With zero padding the window covers W(p) = cx(px)·cy(py) of its mass, where
        // c(p) = Σ of g(k) over the taps inside the image. Then μx = aW, σx² = a²W(1 − W), σxy = abW(1 − W), so
        //   S(p) = (2abW² + C1)(2abW(1 − W) + C2) / (((a² + b²)W² + C1)((a² + b²)W(1 − W) + C2)),
        // which is (2ab + C1)/(a² + b² + C1) in the interior (W = 1, σ = 0) and drifts toward the border.
        double Coverage(int p, int size)
        {
            double c = 0;
            for (int k = -5; k <= 5; k++)
                if (p + k >= 0 && p + k < size) c += G(k);
            return c;
        }
        double expected = 0;
        for (int py = 0; py < height; py++)
        for (int px = 0; px < width; px++)
        {
            double w = Coverage(px, width) * Coverage(py, height), ab = a * b, aabb = a * a + b * b;
            expected += (2 * ab * w * w + C1) * (2 * ab * w * (1 - w) + C2) / ((aabb * w * w + C1) * (aabb * w * (1 - w) + C2));
        }
        expected /= width * height;
        if (width >= 11 && height >= 11)
            Assert.NotEqual((2 * a * b + C1) / (a * a + b * b + C1), expected, 1e-3); // the border effect is real

        var x = Enumerable.Repeat((float)a, 3 * width * height).ToArray();
        var y = Enumerable.Repeat((float)b, 3 * width * height).ToArray();
        var (r, m, k, s) = AllFour(x, y, width, height, expected);
        // a, b are float32-rounded in the images (|Δ| ≤ 3e-8): measured ≤ 1.5e-8 for the double paths → 1e-7. The kernel's
        // float32 moments cancel in σ² = Sxx − μx² (true value 0 inside, rounding ~1e-7 against C2 = 9e-4), the worst
        // case of the released float formula: measured 7.7e-6 (kernel) and 1.2e-5 (SIMD, which squares before weighting:
        // another rounding of the same size) at 20×16 → 5e-5.
        Assert.Equal(expected, r, 1e-7);
        Assert.Equal(expected, m, 1e-7);
        Assert.Equal(expected, k, 5e-5);
        Assert.Equal(expected, s, 5e-5);
    }

    [Fact]
    public void OneBrightPixelOnBlackGivesTheWindowShapedDip()
    {
        // x = v at one pixel q of channel 0 (≥ 5 px from every edge), 0 elsewhere; y ≡ 0. At pixel p the window weight on q
        // is w = g(qy − py)·g(qx − px); μy = σy² = σxy = 0 and μx = v·w, σx² = v²·w(1 − w), so
        //   S(p) = C1·C2 / ((v²w² + C1)(v²w(1 − w) + C2)),
        // and S = 1 wherever w = 0 (every pixel of channels 1 and 2, and of channel 0 farther than 5 px from q).
        const int width = 16, height = 14, qx = 7, qy = 6;
        const double v = 0.9;
        double deficit = 0;
        for (int dy = -5; dy <= 5; dy++)
        for (int dx = -5; dx <= 5; dx++)
        {
            double w = G(dy) * G(dx);
            deficit += 1 - C1 * C2 / ((v * v * w * w + C1) * (v * v * w * (1 - w) + C2));
        }
        double expected = 1 - deficit / (3 * width * height);
        var x = new float[3 * width * height];
        x[qy * width + qx] = (float)v;
        var (r, m, k, s) = AllFour(x, new float[x.Length], width, height, expected);
        Assert.InRange(expected, 0.5, 0.95); // a real dip, not a rounding of 1
        // v = 0.9f differs from 0.9 by 2.4e-8; measured 7e-10 (reference), 1.4e-9 (Ssim.Mean, kernel, SIMD) → 1e-8.
        Assert.Equal(expected, r, 1e-8);
        Assert.Equal(expected, m, 1e-8);
        Assert.Equal(expected, k, 1e-8);
        Assert.Equal(expected, s, 1e-8);
    }

    [Fact]
    public void OnePixelImagesByHand()
    {
        // A 1×1 image sees only the centre tap of the window: W = g(0)² = (1/3.759233)² = 0.0707622. With a = 0.8,
        // b = 0.3: μx = 0.0566098, μy = 0.0212287, σx² = 0.64·W(1 − W) = 0.0420832, σy² = 0.09·W(1 − W) = 0.00591794,
        // σxy = 0.24·W(1 − W) = 0.0157812:
        //   S = (2·0.0566098·0.0212287 + 1e-4)(2·0.0157812 + 9e-4) / ((0.0566098² + 0.0212287² + 1e-4)(0.0420832 + 0.00591794 + 9e-4))
        //     = (0.00250350)(0.0324624) / ((0.00375532)(0.0489011)) = 0.442550.
        var x = new[] { 0.8f, 0.8f, 0.8f };
        var y = new[] { 0.3f, 0.3f, 0.3f };
        var (r, m, k, s) = AllFour(x, y, 1, 1, 0.442550);
        // 6 significant digits of hand arithmetic (0.4425495 exactly): measured 4.7e-7 to 5.3e-7 for all four → 2e-6.
        Assert.Equal(0.442550, r, 2e-6);
        Assert.Equal(0.442550, m, 2e-6);
        Assert.Equal(0.442550, k, 2e-6);
        Assert.Equal(0.442550, s, 2e-6);
    }

    [Fact]
    public void SsimMeanWorksForAnyChannelCountAndAgreesWithTheReference()
    {
        var (a, b) = LossTestImages.Pair(19, 13, 7);
        double reference = 1 - ReferencePhotometricLoss.Terms(a, b, 19, 13).DSsim;
        Assert.Equal(reference, Ssim.Mean(a, b, 3, 19, 13), 1e-7); // both double, returned as float: ≤ 6e-8 rounding
        // One channel alone: the mean over channels is the mean of the per-channel means.
        double perChannel = 0;
        int plane = 19 * 13;
        for (int c = 0; c < 3; c++) perChannel += Ssim.Mean(a.AsSpan(c * plane, plane), b.AsSpan(c * plane, plane), 1, 19, 13);
        Assert.Equal(reference, perChannel / 3, 2e-7);
        var error = Assert.Throws<ArgumentException>(() => Ssim.Mean(a, b.AsSpan(1), 3, 19, 13));
        Assert.Contains("[3, 13, 19]", error.Message);
        var size = Assert.Throws<ArgumentOutOfRangeException>(() => Ssim.Mean([], [], 0, 19, 13));
        Assert.Contains("must be positive; got [0, 13, 19]", size.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Ssim.Mean([], [], 3, 0, 13));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ssim.Mean([], [], 3, 19, 0));
    }
}
