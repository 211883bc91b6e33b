using TalkingGaussian.Compute;
using TalkingGaussian.Motion.Cpu;
using TalkingGaussian.Motion.Kernels;

namespace TalkingGaussian.Motion;

/// <summary>Which implementation runs a motion field's per-Gaussian passes.</summary>
public enum MotionBackendKind
{
    /// <summary>The fastest one for the device: <see cref="Simd"/> on a CPU device with AVX2 and FMA, else <see cref="Kernels"/>.</summary>
    Auto,

    /// <summary>The ILGPU kernels (CPU accelerator or CUDA).</summary>
    Kernels,

    /// <summary>The scalar reference (slow; for tests and for timing against).</summary>
    Reference,

    /// <summary>
    /// Blocked SIMD C# on the CPU (System.Runtime.Intrinsics, Vector256 with FMA) over one worker thread per CPU-device
    /// thread; needs no accelerator. Without AVX2 (e.g. on ARM) it still runs, emulated and slow.
    /// </summary>
    Simd,
}

/// <summary>Creates the <see cref="IMotionFieldBackend"/> for a field on a device.</summary>
public static class MotionBackends
{
    /// <summary>
    /// The face field's backend on <paramref name="device"/>; the SIMD path runs on <paramref name="workers"/> (default: one
    /// worker per thread of a CPU device).
    /// </summary>
    public static IMotionFieldBackend Face(ComputeDevice device, FaceMotionField field, MotionBackendKind kind = MotionBackendKind.Auto,
        ParallelWorkers? workers = null) =>
        Resolve(device, kind) switch
        {
            MotionBackendKind.Reference => new ReferenceMotionBackend(field),
            MotionBackendKind.Simd => new FaceMotionSimd(field, workers ?? Workers(device)),
            _ => new FaceMotionKernels(device, field),
        };

    /// <summary>The backend of <paramref name="field"/> (face or mouth) on <paramref name="device"/>.</summary>
    public static IMotionFieldBackend Create(ComputeDevice device, IMotionField field, MotionBackendKind kind = MotionBackendKind.Auto) => field switch
    {
        FaceMotionField face => Face(device, face, kind),
        MouthMotionField mouth => Mouth(device, mouth, kind),
        _ => throw new ArgumentException($"No backend for motion field {field.GetType().Name}.", nameof(field)),
    };

    /// <summary>The mouth field's backend on <paramref name="device"/>; see <see cref="Face"/>.</summary>
    public static IMotionFieldBackend Mouth(ComputeDevice device, MouthMotionField field, MotionBackendKind kind = MotionBackendKind.Auto,
        ParallelWorkers? workers = null) =>
        Resolve(device, kind) switch
        {
            MotionBackendKind.Reference => new ReferenceMotionBackend(field),
            MotionBackendKind.Simd => new MouthMotionSimd(field, workers ?? Workers(device)),
            _ => new MouthMotionKernels(device, field),
        };

    /// <summary>The kind <see cref="MotionBackendKind.Auto"/> stands for on <paramref name="device"/>; other kinds as given.</summary>
    public static MotionBackendKind Resolve(ComputeDevice device, MotionBackendKind kind) =>
        kind != MotionBackendKind.Auto ? kind
        : device.IsCpu && Simd.IsFast ? MotionBackendKind.Simd
        : MotionBackendKind.Kernels;

    /// <summary>One worker per thread of a CPU device; one per core for the SIMD path next to a GPU.</summary>
    private static ParallelWorkers Workers(ComputeDevice device) =>
        device.IsCpu ? ParallelWorkers.Get(device.ParallelThreads) : ParallelWorkers.PerCore;
}
