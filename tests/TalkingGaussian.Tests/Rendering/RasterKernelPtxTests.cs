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
        foreach (var t in new[] { typeof(RasterKernels), typeof(RasterKernelsGroup) })
            foreach (var m in t.GetMethods(BindingFlags.Public | BindingFlags.Static)) data.Add(t.Name + "." + m.Name);
        return data;
    }

    [Fact]
    public void AllSevenKernelsAreListed() => Assert.Equal(7, Kernels().Count);

    [Theory]
    [MemberData(nameof(Kernels))]
    public void KernelCompilesForSm90(string name)
    {
        using var ptx = new PtxCompiler();
        var type = name.StartsWith(nameof(RasterKernelsGroup) + ".") ? typeof(RasterKernelsGroup) : typeof(RasterKernels);
        name = name[(name.IndexOf('.') + 1)..];
        string text = ptx.CompileExplicitlyGrouped(type.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!);
        Assert.Contains(".version 8.8", text);
        Assert.Contains(".entry", text);
        if (name.StartsWith("Blend"))
            Assert.Contains("ex2.approx", text); // exp of the Gaussian lowered by ILGPU.Algorithms, as on the GPU
        if (name.StartsWith("BlendBackward"))
            Assert.Contains("red.", text); // atomic accumulation of per-Gaussian gradients (red.add / red.global.add)
        if (type == typeof(RasterKernelsGroup))
            Assert.Contains("bar.", text); // shared-memory batches behind group barriers
    }
}
