using TalkingGaussian.Compute;
using TalkingGaussian.Training.Losses.Cpu;

namespace TalkingGaussian.Training.Losses;

/// <summary>Which implementation of <see cref="IPhotometricLoss"/> runs.</summary>
public enum PhotometricLossKind
{
    /// <summary>The fastest one for the device: <see cref="Simd"/> on a CPU device with AVX2 and FMA, else <see cref="Kernels"/>.</summary>
    Auto,

    /// <summary><see cref="KernelPhotometricLoss"/>: the separable ILGPU kernels (the CUDA path).</summary>
    Kernels,

    /// <summary><see cref="SimdPhotometricLoss"/>: plain C# on the CPU's cores, 8 pixels per vector; needs no accelerator.</summary>
    Simd,

    /// <summary><see cref="ReferencePhotometricLoss"/>: the slow scalar reference in double.</summary>
    Reference,
}

/// <summary>Creates the <see cref="IPhotometricLoss"/> for a device, so callers need not know which one is fastest where.</summary>
public static class PhotometricLosses
{
    /// <summary>
    /// The loss of <paramref name="kind"/> on <paramref name="device"/>; the SIMD one runs on <paramref name="workers"/>
    /// (default: one worker per thread of a CPU device, or per core).
    /// </summary>
    public static IPhotometricLoss Create(ComputeDevice device, PhotometricLossKind kind = PhotometricLossKind.Auto, ParallelWorkers? workers = null) =>
        Resolve(device, kind) switch
        {
            PhotometricLossKind.Reference => new ReferencePhotometricLoss(),
            PhotometricLossKind.Simd => new SimdPhotometricLoss(workers ?? (device.IsCpu ? ParallelWorkers.Get(device.ParallelThreads) : ParallelWorkers.PerCore)),
            _ => new KernelPhotometricLoss(device),
        };

    /// <summary>The kind <see cref="PhotometricLossKind.Auto"/> stands for on <paramref name="device"/>; other kinds as given.</summary>
    public static PhotometricLossKind Resolve(ComputeDevice device, PhotometricLossKind kind) =>
        kind != PhotometricLossKind.Auto ? kind
        : device.IsCpu && Simd.IsFast ? PhotometricLossKind.Simd
        : PhotometricLossKind.Kernels;
}
