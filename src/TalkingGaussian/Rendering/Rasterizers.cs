using TalkingGaussian.Compute;
using TalkingGaussian.Rendering.Cpu;

namespace TalkingGaussian.Rendering;

/// <summary>Which implementation of <see cref="IGaussianRasterizer"/> renders.</summary>
public enum RasterizerKind
{
    /// <summary>The fastest one for the device: <see cref="Simd"/> on a CPU device with AVX2 and FMA, else <see cref="Kernels"/>.</summary>
    Auto,

    /// <summary><see cref="IlgpuRasterizer"/>: ILGPU kernels on the device (group-per-tile compositing on CUDA).</summary>
    Kernels,

    /// <summary><see cref="SimdRasterizer"/>: plain C# on the CPU's cores, compositing 8 pixels per vector; needs no accelerator.</summary>
    Simd,

    /// <summary><see cref="ReferenceRasterizer"/>: the slow scalar reference.</summary>
    Reference,
}

/// <summary>Creates the rasterizer for a device, so callers need not know which one is fastest where.</summary>
public static class Rasterizers
{
    /// <summary>
    /// A rasterizer of <paramref name="kind"/> on <paramref name="device"/> (default: <see cref="ComputeDevice.Shared"/>); the SIMD
    /// one runs on <paramref name="workers"/> (default: one worker per thread of a CPU device, or per core).
    /// </summary>
    public static IGaussianRasterizer Create(ComputeDevice? device = null, RasterizerKind kind = RasterizerKind.Auto, ParallelWorkers? workers = null)
    {
        device ??= ComputeDevice.Shared;
        return Resolve(device, kind) switch
        {
            RasterizerKind.Reference => new ReferenceRasterizer(),
            RasterizerKind.Simd => new SimdRasterizer(workers ?? (device.IsCpu ? ParallelWorkers.Get(device.ParallelThreads) : ParallelWorkers.PerCore)),
            _ => new IlgpuRasterizer(device),
        };
    }

    /// <summary>The kind <see cref="RasterizerKind.Auto"/> stands for on <paramref name="device"/>; other kinds as given.</summary>
    public static RasterizerKind Resolve(ComputeDevice device, RasterizerKind kind) =>
        kind != RasterizerKind.Auto ? kind
        : device.IsCpu && Simd.IsFast ? RasterizerKind.Simd
        : RasterizerKind.Kernels;
}
