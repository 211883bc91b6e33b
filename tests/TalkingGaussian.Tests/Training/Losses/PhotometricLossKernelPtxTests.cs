using System.Reflection;
using TalkingGaussian.Compute;
using TalkingGaussian.Training.Losses;

namespace TalkingGaussian.Tests.Training.Losses;

/// <summary>Every photometric-loss kernel compiles to PTX for sm_90 with the production context settings (no GPU needed).</summary>
public class PhotometricLossKernelPtxTests
{
    public static TheoryData<string> Kernels()
    {
        var data = new TheoryData<string>();
        foreach (var m in typeof(PhotometricLossKernels).GetMethods(BindingFlags.Public | BindingFlags.Static)) data.Add(m.Name);
        return data;
    }

    [Fact]
    public void AllFiveKernelsAreListed() => Assert.Equal(5, Kernels().Count);

    [Theory]
    [MemberData(nameof(Kernels))]
    public void KernelCompilesForSm90(string name)
    {
        using var ptx = new PtxCompiler();
        string text = ptx.CompileExplicitlyGrouped(typeof(PhotometricLossKernels).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!);
        Assert.Contains(".version 8.8", text);
        Assert.Contains(".entry", text);
        if (name == nameof(PhotometricLossKernels.RowSums))
            Assert.Contains("add.f64", text); // per-row sums in double on the GPU too
        if (name == nameof(PhotometricLossKernels.ColumnSsim))
            Assert.Contains("div.", text); // the SSIM quotient
    }
}
