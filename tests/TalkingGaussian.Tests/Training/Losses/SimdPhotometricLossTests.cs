using TalkingGaussian.Compute;
using TalkingGaussian.Training.Losses;
using TalkingGaussian.Training.Losses.Cpu;
using Xunit.Abstractions;

namespace TalkingGaussian.Tests.Training.Losses;

/// <summary>The SIMD CPU L1 + λ·D-SSIM against the scalar reference, values and gradients; its determinism and buffers.</summary>
public class SimdPhotometricLossTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(37, 29, 0.2f)]  // odd sizes: a partial vector at each row's end, a partial band
    [InlineData(64, 48, 1f)]    // whole vectors, D-SSIM weighted as much as L1
    [InlineData(3, 2, 0.2f)]    // smaller than the window and than one vector
    [InlineData(1, 40, 0.2f)]   // one column
    [InlineData(40, 1, 0.2f)]   // one row
    [InlineData(128, 96, 0.2f)] // many bands and vectors per row
    public void MatchesTheReference(int width, int height, float lambda)
    {
        var (x, y) = LossTestImages.Pair(width, height, width * height);
        using var reference = new ReferencePhotometricLoss();
        using var simd = new SimdPhotometricLoss(ParallelWorkers.Get(2));
        var gRef = new float[x.Length];
        var gSimd = new float[x.Length];
        var vRef = reference.Evaluate(x, y, width, height, lambda, gRef, scale: 2f);
        var vSimd = simd.Evaluate(x, y, width, height, lambda, gSimd, scale: 2f);
        double gradientError = LossTestImages.RelativeMaxError(gRef, gSimd);
        output.WriteLine($"{width}×{height}: ΔL1 {Math.Abs(vRef.L1 - vSimd.L1):E1}, ΔD-SSIM {Math.Abs(vRef.DSsim - vSimd.DSsim):E1}, gradient {gradientError:E1} of its max");
        // The kernels' tolerances hold (same float32 maths, other summation orders). L1: float32 differences summed in double,
        // measured 0 → 3e-8 (two ulps of the value). D-SSIM: float32 moments, measured ≤ 5.2e-8 → 4e-7. Gradient: measured
        // ≤ 2.3e-6 of its largest value (64×48, λ = 1) → 2e-5.
        Assert.Equal(vRef.L1, vSimd.L1, 3e-8f);
        Assert.Equal(vRef.DSsim, vSimd.DSsim, 4e-7f);
        Assert.True(gradientError < 2e-5, $"gradient differs by {gradientError:E2} of its largest value");
        Assert.Contains(gSimd, v => v != 0f);
    }

    [Fact]
    public void TheResultDoesNotDependOnTheThreadCount()
    {
        var (x, y) = LossTestImages.Pair(45, 50, 9);
        var values = new PhotometricLossValue[3];
        var gradients = new float[3][];
        int[] threads = [1, 2, 3];
        for (int t = 0; t < threads.Length; t++)
        {
            using var loss = new SimdPhotometricLoss(ParallelWorkers.Get(threads[t]));
            gradients[t] = new float[x.Length];
            values[t] = loss.Evaluate(x, y, 45, 50, 0.2f, gradients[t]);
        }
        // Every value is computed by one work item in a fixed order and the row sums are added in row order.
        Assert.Equal(values[0], values[1]);
        Assert.Equal(values[0], values[2]);
        Assert.Equal(gradients[0], gradients[1]);
        Assert.Equal(gradients[0], gradients[2]);
    }

    [Fact]
    public void BuffersAreReusedAcrossSizesAndTheGradientIsAdded()
    {
        var (big, bigTarget) = LossTestImages.Pair(70, 33, 1);
        var (small, smallTarget) = LossTestImages.Pair(17, 9, 2);
        using var fresh = new SimdPhotometricLoss(ParallelWorkers.Get(2));
        var expected = new float[small.Length];
        var expectedValue = fresh.Evaluate(small, smallTarget, 17, 9, 0.2f, expected);

        using var reused = new SimdPhotometricLoss(ParallelWorkers.Get(2));
        reused.Evaluate(big, bigTarget, 70, 33, 0.2f, new float[big.Length]); // leaves larger maps and padded rows behind
        var sum = Enumerable.Repeat(0.5f, small.Length).ToArray();
        var value = reused.Evaluate(small, smallTarget, 17, 9, 0.2f, sum);
        Assert.Equal(expectedValue, value);
        for (int i = 0; i < sum.Length; i++) Assert.Equal(0.5f + expected[i], sum[i]);
        Assert.Equal(expectedValue, reused.Evaluate(small, smallTarget, 17, 9, 0.2f, [])); // forward only
    }

    [Fact]
    public void AWarmCallAllocatesNothing()
    {
        var (x, y) = LossTestImages.Pair(64, 64, 4);
        using var loss = new SimdPhotometricLoss(ParallelWorkers.Get(2));
        var gradient = new float[x.Length];
        loss.Evaluate(x, y, 64, 64, 0.2f, gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) loss.Evaluate(x, y, 64, 64, 0.2f, gradient);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // The calling thread is worker 0 and runs items of every pass; process-wide counts would include other tests' threads.
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void TheFactoryPicksItOnACpuDeviceWithAvx2()
    {
        Assert.Equal(Simd.IsFast ? PhotometricLossKind.Simd : PhotometricLossKind.Kernels,
            PhotometricLosses.Resolve(TestDevices.Cpu, PhotometricLossKind.Auto));
        Assert.Equal(PhotometricLossKind.Kernels, PhotometricLosses.Resolve(TestDevices.Cpu, PhotometricLossKind.Kernels));
        using var simd = PhotometricLosses.Create(TestDevices.Cpu, PhotometricLossKind.Simd);
        Assert.Equal(2, Assert.IsType<SimdPhotometricLoss>(simd).Threads); // one worker per thread of the 2-thread device
    }

    [Fact]
    public void BadShapesAreRefused()
    {
        using var loss = new SimdPhotometricLoss(ParallelWorkers.Get(2));
        var e = Assert.Throws<ArgumentException>(() => loss.Evaluate(new float[24], new float[24], 4, 2, 0.2f, new float[23]));
        Assert.Contains("gradient holds 23", e.Message);
    }
}
