using TalkingGaussian.Training.Losses;
using Xunit.Abstractions;

namespace TalkingGaussian.Tests.Training.Losses;

/// <summary>The ILGPU kernels of L1 + λ·D-SSIM against the scalar reference, values and gradients.</summary>
[Collection(ExclusiveCollection.Name)]
public class KernelPhotometricLossTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(37, 29, 0.2f)] // odd sizes, several chunks per row on 2 threads
    [InlineData(64, 48, 1f)]
    [InlineData(3, 2, 0.2f)]   // smaller than the window in both directions
    [InlineData(1, 40, 0.2f)]  // one column
    public void KernelsMatchTheReference(int width, int height, float lambda)
    {
        var (x, y) = LossTestImages.Pair(width, height, width * height);
        using var reference = new ReferencePhotometricLoss();
        using var kernel = PhotometricLosses.Create(TestDevices.Cpu, PhotometricLossKind.Kernels);
        Assert.IsType<KernelPhotometricLoss>(kernel);
        var gRef = new float[x.Length];
        var gKer = new float[x.Length];
        var vRef = reference.Evaluate(x, y, width, height, lambda, gRef, scale: 2f);
        var vKer = kernel.Evaluate(x, y, width, height, lambda, gKer, scale: 2f);
        double gradientError = LossTestImages.RelativeMaxError(gRef, gKer);
        output.WriteLine($"{width}×{height}: ΔL1 {Math.Abs(vRef.L1 - vKer.L1):E1}, ΔD-SSIM {Math.Abs(vRef.DSsim - vKer.DSsim):E1}, gradient {gradientError:E1} of its max");
        // L1: the same float32 differences summed in double, measured 0 → 3e-8 (two ulps of the value). D-SSIM: float32
        // moments, measured ≤ 4.5e-8 → 4e-7. Gradient: measured ≤ 2.8e-6 of its largest value → 2e-5.
        Assert.Equal(vRef.L1, vKer.L1, 3e-8f);
        Assert.Equal(vRef.DSsim, vKer.DSsim, 4e-7f);
        Assert.True(gradientError < 2e-5, $"gradient differs by {gradientError:E2} of its largest value");
        Assert.Contains(gKer, v => v != 0f);
    }

    [Fact]
    public void BuffersAreReusedAcrossSizesAndTheGradientIsAdded()
    {
        var (big, bigTarget) = LossTestImages.Pair(40, 30, 1);
        var (small, smallTarget) = LossTestImages.Pair(17, 9, 2);
        using var fresh = new KernelPhotometricLoss(TestDevices.Cpu);
        var expected = new float[small.Length];
        var expectedValue = fresh.Evaluate(small, smallTarget, 17, 9, 0.2f, expected);

        using var reused = new KernelPhotometricLoss(TestDevices.Cpu);
        reused.Evaluate(big, bigTarget, 40, 30, 0.2f, new float[big.Length]);
        var sum = Enumerable.Repeat(0.5f, small.Length).ToArray();
        var value = reused.Evaluate(small, smallTarget, 17, 9, 0.2f, sum);
        Assert.Equal(expectedValue, value); // deterministic: no atomics, fixed-order sums
        for (int i = 0; i < sum.Length; i++) Assert.Equal(0.5f + expected[i], sum[i]);
        Assert.Equal(expectedValue, reused.Evaluate(small, smallTarget, 17, 9, 0.2f, [])); // forward only
    }

    [Fact]
    public void TheResultDoesNotDependOnTheThreadCount()
    {
        var (x, y) = LossTestImages.Pair(33, 21, 9);
        using var two = new KernelPhotometricLoss(TestDevices.Cpu);
        using var many = new KernelPhotometricLoss(TestDevices.CpuGroupOfTile);
        var g2 = new float[x.Length];
        var gMany = new float[x.Length];
        Assert.Equal(two.Evaluate(x, y, 33, 21, 0.2f, g2), many.Evaluate(x, y, 33, 21, 0.2f, gMany));
        Assert.Equal(g2, gMany); // every value is computed by one thread in a fixed order, whatever the launch shape
    }

    [Fact]
    public void BadShapesAreRefused()
    {
        using var kernel = new KernelPhotometricLoss(TestDevices.Cpu);
        var e = Assert.Throws<ArgumentException>(() => kernel.Evaluate(new float[12], new float[12], 4, 2, 0.2f, []));
        Assert.Contains("[3, 2, 4] image holds 24", e.Message);
    }
}
