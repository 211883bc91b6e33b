using System.Runtime.CompilerServices;

namespace TalkingGaussian.Motion.Kernels;

/// <summary>
/// The per-thread scratch of a per-Gaussian kernel, chosen per backend at compile time (the kernels are generic over it):
/// ILGPU needs a constant array size and zero-initialises the array with one store per element in PTX, so CUDA gets a
/// one-Gaussian scratch while the CPU accelerator gets room for a mini-batch of <see cref="MaxBatch"/> Gaussians (there each
/// weight read through a view is amortised over the batch).
/// </summary>
internal interface IScratchShape
{
    /// <summary>A new per-thread scratch array (call once per thread, before the grid-stride loop).</summary>
    float[] NewScratch();

    /// <summary>Most Gaussians per mini-batch.</summary>
    int MaxBatch { get; }

    /// <summary>Floats in the scratch array.</summary>
    int Length { get; }
}

/// <summary>Face kernels on the CPU accelerator: 8 rows of up to 640 floats.</summary>
internal struct FaceCpuScratch : IScratchShape
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public readonly float[] NewScratch() => new float[5120];
    public readonly int MaxBatch => 8;
    public readonly int Length => 5120;
}

/// <summary>Face kernels on CUDA: one row of up to 640 floats.</summary>
internal struct FaceGpuScratch : IScratchShape
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public readonly float[] NewScratch() => new float[640];
    public readonly int MaxBatch => 1;
    public readonly int Length => 640;
}

/// <summary>Mouth kernels on the CPU accelerator: 8 rows of up to 320 floats.</summary>
internal struct MouthCpuScratch : IScratchShape
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public readonly float[] NewScratch() => new float[2560];
    public readonly int MaxBatch => 8;
    public readonly int Length => 2560;
}

/// <summary>Mouth kernels on CUDA: one row of up to 320 floats.</summary>
internal struct MouthGpuScratch : IScratchShape
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public readonly float[] NewScratch() => new float[320];
    public readonly int MaxBatch => 1;
    public readonly int Length => 320;
}
