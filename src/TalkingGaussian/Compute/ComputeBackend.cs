namespace TalkingGaussian.Compute;

/// <summary>Which ILGPU accelerator runs the kernels.</summary>
public enum ComputeBackend
{
    /// <summary>CUDA when a device is present, else the CPU accelerator.</summary>
    Auto,
    /// <summary>The ILGPU CPU accelerator, one OS thread per core (see <see cref="ComputeDevice.CreateCpu"/>).</summary>
    Cpu,
    /// <summary>The first CUDA device; fails with a clear error when none is found.</summary>
    Cuda,
}
