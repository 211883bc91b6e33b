using ILGPU;
using ILGPU.Runtime;
using TalkingGaussian.Compute;

namespace TalkingGaussian.Tests.Compute;

[Collection(ExclusiveCollection.Name)]
public class ComputeDeviceTests
{
    // A chunked grid-stride kernel in the project's style (shared/reference/ilgpu.md §5).
    internal static void Saxpy(ArrayView<float> y, ArrayView<float> x, float a, int chunk)
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X, n = y.IntLength;
        for (int b = t * chunk; b < n; b += threads * chunk)
            for (int i = b, e = Math.Min(n, b + chunk); i < e; i++)
                y[i] += a * MathF.Exp(x[i]);
    }

    [Fact]
    public void CpuDeviceRunsOneGroupOfCoreThreadsOverChunks()
    {
        var device = TestDevices.Cpu;
        Assert.True(device.IsCpu);
        var shape = device.Shape(1000);
        Assert.Equal((1, 2), (shape.GridDim.X, shape.GroupDim.X));
        Assert.Equal(500, device.ChunkSize(1000));
        var kernel = device.Accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, float, int>(Saxpy);
        var xs = Enumerable.Range(0, 1001).Select(i => i * 1e-3f).ToArray();
        using var x = device.Accelerator.Allocate1D(xs);
        using var y = device.Accelerator.Allocate1D<float>(xs.Length);
        y.MemSetToZero();
        kernel(device.Shape(xs.Length), y.View, x.View, 2f, device.ChunkSize(xs.Length));
        device.Accelerator.Synchronize();
        var result = y.GetAsArray1D();
        // Every element written exactly once: .NET MathF.Exp on the CPU accelerator, so exact equality holds.
        for (int i = 0; i < xs.Length; i++) Assert.Equal(2f * MathF.Exp(xs[i]), result[i]);
    }

    [Fact]
    public void KernelsCompileToPtxForSm90()
    {
        using var ptx = new PtxCompiler();
        string text = ptx.CompileExplicitlyGrouped(typeof(ComputeDeviceTests).GetMethod(nameof(Saxpy), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!);
        Assert.Contains(".version 8.8", text);
        Assert.Contains("ex2.approx", text); // MathF.Exp lowered by ILGPU.Algorithms, as on a real GPU
    }
}
