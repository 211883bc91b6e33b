using TalkingGaussian.Motion;
using TalkingGaussian.Compute;
using TalkingGaussian.Motion.Cpu;
using TalkingGaussian.Motion.Kernels;

namespace TalkingGaussian.Tests.Motion;

/// <summary><see cref="MotionBackends"/> picks the SIMD path on a CPU device with AVX2 and FMA (it may load ILGPU kernels otherwise).</summary>
[Collection(ExclusiveCollection.Name)]
public class MotionBackendChoiceTests
{
    [Fact]
    public void AutoIsTheSimdPathOnACpuDeviceWithAvx2AndTheKernelsOtherwise()
    {
        var device = TestDevices.Cpu;
        var auto = MotionBackends.Resolve(device, MotionBackendKind.Auto);
        Assert.Equal(Simd.IsFast ? MotionBackendKind.Simd : MotionBackendKind.Kernels, auto);
        Assert.Equal(MotionBackendKind.Kernels, MotionBackends.Resolve(device, MotionBackendKind.Kernels));
        using var face = MotionBackends.Face(device, new FaceMotionField(MotionTestFields.SmallFace));
        using var mouth = MotionBackends.Mouth(device, new MouthMotionField(MotionTestFields.SmallMouth));
        if (auto == MotionBackendKind.Simd)
        {
            Assert.IsType<FaceMotionSimd>(face);
            Assert.IsType<MouthMotionSimd>(mouth);
        }
        else
        {
            Assert.IsType<FaceMotionKernels>(face);
            Assert.IsType<MouthMotionKernels>(mouth);
        }
        using var reference = MotionBackends.Face(device, new FaceMotionField(MotionTestFields.SmallFace), MotionBackendKind.Reference);
        Assert.IsType<ReferenceMotionBackend>(reference);
    }
}
