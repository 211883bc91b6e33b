namespace TalkingGaussian.Training.Losses;

/// <summary>
/// L1 + λ·D-SSIM (paper Eq. 9–11) forward and backward behind one seam: the scalar reference
/// (<see cref="ReferencePhotometricLoss"/>), the ILGPU kernels (<see cref="KernelPhotometricLoss"/>, the CUDA path) and the
/// SIMD CPU path (<see cref="Cpu.SimdPhotometricLoss"/>). <see cref="PhotometricLosses.Create"/> picks one.
/// </summary>
/// <remarks>Images are planar RGB [3, H, W], row-major, in [0, 1]: the layout of <c>RasterOutput.Color</c>.</remarks>
public interface IPhotometricLoss : IDisposable
{
    /// <summary>
    /// Evaluates the terms for <paramref name="image"/> against <paramref name="target"/> (both [3, H, W]). When
    /// <paramref name="gradient"/> is not empty, ADDS <paramref name="scale"/>·∂(L1 + <paramref name="ssimWeight"/>·DSsim)/∂image
    /// into it (same layout). Buffers are reused across calls.
    /// </summary>
    /// <exception cref="ArgumentException">A span does not hold 3·<paramref name="width"/>·<paramref name="height"/> floats.</exception>
    PhotometricLossValue Evaluate(ReadOnlySpan<float> image, ReadOnlySpan<float> target, int width, int height,
        float ssimWeight, Span<float> gradient, float scale = 1f);
}
