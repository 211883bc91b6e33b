using System.Reflection;
using TalkingGaussian.Compute;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Rendering;

/// <summary>Every rasterizer kernel compiles to PTX for sm_90 with the production context settings (no GPU needed).</summary>
public class RasterKernelPtxTests
{
    public static TheoryData<string> Kernels()
    {
        var data = new TheoryData<string>();
        foreach (var m in typeof(RasterKernels).GetMethods(BindingFlags.Public | BindingFlags.Static)) data.Add(m.Name);
        return data;
    }

    [Fact]
    public void AllFiveKernelsAreListed() => Assert.Equal(5, Kernels().Count);

    [Theory]
    [MemberData(nameof(Kernels))]
    public void KernelCompilesForSm90(string name)
    {
        using var ptx = new PtxCompiler();
        string text = ptx.CompileExplicitlyGrouped(typeof(RasterKernels).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!);
        Assert.Contains(".version 8.8", text);
        Assert.Contains(".entry", text);
        if (name.StartsWith("Blend"))
            Assert.Contains("ex2.approx", text); // exp of the Gaussian lowered by ILGPU.Algorithms, as on the GPU
        if (name.StartsWith("BlendBackward"))
            Assert.Contains("red.", text); // atomic accumulation of per-Gaussian gradients (red.add / red.global.add)
    }
}
