using TalkingGaussian.Compute;

namespace TalkingGaussian.Tests;

/// <summary>
/// The one ILGPU CPU device of the test process (2 threads, as the CI machine has cores). Tests share it and never dispose
/// it: disposing an ILGPU CPU accelerator while another accelerator of the same process was launching kernels
/// intermittently gave the other wrong images or crashed ILGPU's accelerator GC thread. Launches on one accelerator are
/// serialised by ILGPU itself; the process exit releases it.
/// </summary>
internal static class TestDevices
{
    public static ComputeDevice Cpu { get; } = ComputeDevice.CreateCpu(threads: 2);

    private static readonly Lazy<ComputeDevice> GroupOfTile = new(() => ComputeDevice.CreateCpu(threads: 256));

    private static readonly Lazy<ComputeDevice> OneAtATime = new(() => ComputeDevice.CreateCpu(threads: 2, ILGPU.Runtime.CPU.CPUAcceleratorMode.Sequential));

    /// <summary>
    /// A CPU device whose simulated threads run one at a time in a fixed order, so atomic float additions happen in the same
    /// order every run: results are bit-for-bit repeatable (the resume test needs that); made on first use.
    /// </summary>
    public static ComputeDevice CpuSequential => OneAtATime.Value;

    /// <summary>A 256-thread CPU device (one OS thread per pixel of a 16×16 tile) for the GPU-shaped kernels; made on first use.</summary>
    public static ComputeDevice CpuGroupOfTile => GroupOfTile.Value;
}
