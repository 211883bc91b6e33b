using TalkingGaussian.Compute;
using TalkingGaussian.Motion.Kernels;

namespace TalkingGaussian.Motion;

/// <summary>Which implementation runs a motion field's per-Gaussian passes.</summary>
public enum MotionBackendKind
{
    /// <summary>The fastest one for the device.</summary>
    Auto,

    /// <summary>The ILGPU kernels (CPU accelerator or CUDA).</summary>
    Kernels,

    /// <summary>The scalar reference (slow; for tests and for timing against).</summary>
    Reference,
}

/// <summary>Creates the <see cref="IMotionFieldBackend"/> for a field on a device.</summary>
public static class MotionBackends
{
    /// <summary>The face field's backend on <paramref name="device"/>.</summary>
    public static IMotionFieldBackend Face(ComputeDevice device, FaceMotionField field, MotionBackendKind kind = MotionBackendKind.Auto) =>
        kind == MotionBackendKind.Reference ? new ReferenceMotionBackend(field) : new FaceMotionKernels(device, field);

    /// <summary>The backend of <paramref name="field"/> (face or mouth) on <paramref name="device"/>.</summary>
    public static IMotionFieldBackend Create(ComputeDevice device, IMotionField field, MotionBackendKind kind = MotionBackendKind.Auto) => field switch
    {
        FaceMotionField face => Face(device, face, kind),
        MouthMotionField mouth => Mouth(device, mouth, kind),
        _ => throw new ArgumentException($"No backend for motion field {field.GetType().Name}.", nameof(field)),
    };

    /// <summary>The mouth field's backend on <paramref name="device"/>.</summary>
    public static IMotionFieldBackend Mouth(ComputeDevice device, MouthMotionField field, MotionBackendKind kind = MotionBackendKind.Auto) =>
        kind == MotionBackendKind.Reference ? new ReferenceMotionBackend(field) : new MouthMotionKernels(device, field);
}
