using TalkingGaussian.Tests.Motion;
using TalkingGaussian.Training.Losses;
using Xunit.Abstractions;

namespace TalkingGaussian.Tests.Training.Losses;

/// <summary>The scalar reference of L1 + λ·D-SSIM against central finite differences of its double-precision terms.</summary>
public class ReferencePhotometricLossTests(ITestOutputHelper output)
{
    private const int Width = 13, Height = 11;

    [Theory]
    [InlineData(0.2f)] // the released λ
    [InlineData(1f)]   // D-SSIM weighted as much as L1, so an error in its gradient cannot hide behind L1's
    public void GradientMatchesCentralDifferences(float lambda)
    {
        var (x, y) = LossTestImages.Pair(Width, Height, 3);
        var loss = new ReferencePhotometricLoss();
        var gradient = new float[x.Length];
        loss.Evaluate(x, y, Width, Height, lambda, gradient);

        double Total()
        {
            var (l1, dssim) = ReferencePhotometricLoss.Terms(x, y, Width, Height);
            return l1 + lambda * dssim;
        }
        // Every pixel of channel 0 (corners, edges, interior) and a sample of the others, away from L1's kink: |x − y| > 2h.
        const float h = 1e-4f;
        var indices = Enumerable.Range(0, Width * Height).Concat(GradientCheck.Sample(new Random(5), Width * Height, 2 * Width * Height, 60))
            .Where(i => Math.Abs(x[i] - y[i]) > 2 * h).ToArray();
        Assert.True(indices.Length > 150);
        double worst = 0, worstRelative = 0;
        foreach (int i in indices)
        {
            double e = Math.Abs(FiniteDifferences.Central(x, i, h, Total) - gradient[i]);
            worst = Math.Max(worst, e);
            worstRelative = Math.Max(worstRelative, e / Math.Abs(gradient[i]));
        }
        output.WriteLine($"λ = {lambda}: max |FD − analytic| = {worst:E2} ({worstRelative:E2} relative) for gradients up to {gradient.Max(Math.Abs):E2}");
        // The loss is a double of float inputs, so the difference quotient carries only the O(h²) truncation; with h = 1e-4
        // measured max |FD − analytic| 2.4e-10 (λ = 0.2) and 1.1e-9 (λ = 1, 3.9e-7 of that element) against gradients up
        // to 2.5e-2, the size of the analytic gradient's float32 rounding: 2e-6 relative plus 5e-9.
        GradientCheck.AssertClose("∂(L1 + λ·D-SSIM)/∂x", indices, x, h, Total, i => gradient[i], rtol: 2e-6, atol: 5e-9);
    }

    [Fact]
    public void TheSsimPartOfTheGradientIsChecked()
    {
        // λ = 0 leaves L1's exact sign/n, so the difference between λ = 1 and λ = 0 is D-SSIM's gradient alone; it must
        // match the finite differences of D-SSIM at every pixel, including where x = y (no kink in D-SSIM).
        var (x, y) = LossTestImages.Pair(Width, Height, 4);
        for (int i = 0; i < x.Length; i += 17) y[i] = x[i];
        var loss = new ReferencePhotometricLoss();
        var withSsim = new float[x.Length];
        var l1Only = new float[x.Length];
        loss.Evaluate(x, y, Width, Height, 1f, withSsim);
        loss.Evaluate(x, y, Width, Height, 0f, l1Only);
        int n = x.Length;
        for (int i = 0; i < n; i++)
            Assert.Equal(x[i] > y[i] ? 1f / n : x[i] < y[i] ? -1f / n : 0f, l1Only[i]); // exactly sign(x − y)/(3HW)
        GradientCheck.AssertClose("∂D-SSIM/∂x", Enumerable.Range(0, n).Where(i => i % 3 == 0), x, 1e-4f,
            () => ReferencePhotometricLoss.Terms(x, y, Width, Height).DSsim,
            i => (double)withSsim[i] - l1Only[i], rtol: 2e-6, atol: 5e-9); // as above
    }

    [Fact]
    public void EvaluateAddsTheScaledGradientAndReportsBothTerms()
    {
        var (x, y) = LossTestImages.Pair(9, 8, 6);
        var loss = new ReferencePhotometricLoss();
        var once = new float[x.Length];
        var value = loss.Evaluate(x, y, 9, 8, 0.2f, once);
        var accumulated = Enumerable.Repeat(1f, x.Length).ToArray();
        loss.Evaluate(x, y, 9, 8, 0.2f, accumulated, scale: -3f);
        for (int i = 0; i < x.Length; i++) Assert.Equal(1f - 3f * once[i], accumulated[i], 1e-6f); // float32 of O(1) sums

        double l1 = 0;
        for (int i = 0; i < x.Length; i++) l1 += Math.Abs(x[i] - y[i]);
        var (refL1, refDSsim) = ReferencePhotometricLoss.Terms(x, y, 9, 8);
        Assert.Equal(l1 / x.Length, value.L1, 1e-7);
        Assert.Equal((float)refDSsim, value.DSsim);
        Assert.Equal((float)refL1, value.L1);
        Assert.Equal(value.L1 + 0.2f * value.DSsim, value.Total(0.2f));
        Assert.InRange(value.DSsim, 0.05f, 0.9f); // the test pair is neither identical nor unrelated
        Assert.Equal(value, loss.Evaluate(x, y, 9, 8, 0.2f, [])); // no gradient asked: same value
    }

    [Fact]
    public void BadShapesAreRefusedWithTheExpectedSize()
    {
        var loss = new ReferencePhotometricLoss();
        var image = new float[3 * 4 * 5];
        var e = Assert.Throws<ArgumentException>(() => loss.Evaluate(image, new float[10], 4, 5, 0.2f, []));
        Assert.Contains("[3, 5, 4] = 60", e.Message);
        e = Assert.Throws<ArgumentException>(() => loss.Evaluate(image, image, 4, 5, 0.2f, new float[59]));
        Assert.Contains("empty span or one of 60", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => loss.Evaluate([], [], 0, 5, 0.2f, []));
    }
}
