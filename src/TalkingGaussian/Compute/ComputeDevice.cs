using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace TalkingGaussian.Compute;

/// <summary>
/// One ILGPU context and accelerator, created with the production settings every kernel is compiled under
/// (<see cref="ConfigureContext"/>). Kernels are loaded once per device and their delegates kept by the callers.
/// </summary>
/// <remarks>
/// The CPU accelerator uses one multiprocessor with one OS thread per core (<c>CPUDevice(cores, 1, 1)</c>) and kernels
/// are launched as one group of <c>cores</c> threads, each taking coarse work items (a tile, a chunk of Gaussians):
/// ILGPU's default 16-thread CPU device and one-thread-per-element launches are 10–30× slower (shared/reference/ilgpu.md §0).
/// </remarks>
public sealed class ComputeDevice : IDisposable
{
    private static readonly Lazy<ComputeDevice> SharedDevice = new(() => Create(ComputeBackend.Auto));

    private ComputeDevice(Context context, Accelerator accelerator)
    {
        Context = context;
        Accelerator = accelerator;
    }

    /// <summary>A process-wide device (CUDA if present, else CPU), created on first use; never disposed.</summary>
    public static ComputeDevice Shared => SharedDevice.Value;

    /// <summary>The ILGPU context; owns compiled kernels.</summary>
    public Context Context { get; }

    /// <summary>The accelerator the kernels run on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>True for the ILGPU CPU accelerator.</summary>
    public bool IsCpu => Accelerator.AcceleratorType == AcceleratorType.CPU;

    /// <summary>Threads that run at once: cores on the CPU accelerator, the grid-stride extent on CUDA.</summary>
    public int ParallelThreads => IsCpu ? Accelerator.MaxNumThreadsPerGroup : Accelerator.MaxNumThreads;

    /// <summary>A short human description, e.g. "CPU (2 threads)" or "CUDA NVIDIA H100 (sm_90)".</summary>
    public string Description => IsCpu
        ? $"CPU ({Accelerator.MaxNumThreadsPerGroup} threads)"
        : $"{Accelerator.AcceleratorType} {Accelerator.Name}";

    /// <summary>Creates a device for <paramref name="backend"/>.</summary>
    /// <exception cref="InvalidOperationException">CUDA was asked for and no CUDA device was found.</exception>
    public static ComputeDevice Create(ComputeBackend backend = ComputeBackend.Auto, int? cpuThreads = null)
    {
        if (backend == ComputeBackend.Cpu) return CreateCpu(cpuThreads);
        CudaLibraryResolver.Install();
        var cpu = CpuDevice(cpuThreads);
        var context = Context.Create(b => ConfigureContext(b.Cuda().CPU(cpu)));
        var cudaDevices = context.GetCudaDevices();
        if (cudaDevices.Count > 0)
            return new ComputeDevice(context, cudaDevices[0].CreateAccelerator(context));
        if (backend == ComputeBackend.Cuda)
        {
            context.Dispose();
            throw new InvalidOperationException(
                "No CUDA device was found (ILGPU looked for libcuda.so.1 / libcuda.so). " +
                "Install the NVIDIA driver or run with --device cpu.");
        }
        return new ComputeDevice(context, cpu.CreateCPUAccelerator(context, CPUAcceleratorMode.Parallel));
    }

    /// <summary>Creates a CPU-accelerator device with <paramref name="threads"/> OS threads (default: cores, at least 2).</summary>
    public static ComputeDevice CreateCpu(int? threads = null, CPUAcceleratorMode mode = CPUAcceleratorMode.Parallel)
    {
        var cpu = CpuDevice(threads);
        var context = Context.Create(b => ConfigureContext(b.CPU(cpu)));
        return new ComputeDevice(context, cpu.CreateCPUAccelerator(context, mode));
    }

    /// <summary>
    /// The context settings every kernel is compiled with, on every backend and in the PTX compile tests:
    /// ILGPU.Algorithms intrinsics (without them MathF.Exp fails to compile for CUDA) and inlined static tables.
    /// </summary>
    public static Context.Builder ConfigureContext(Context.Builder builder) =>
        builder.EnableAlgorithms()
            .Arrays(ArrayMode.InlineMutableStaticArrays)
            .Optimize(OptimizationLevel.O1);

    /// <summary>
    /// Launch shape for a grid-stride kernel over <paramref name="workItems"/> coarse items:
    /// one group of <c>cores</c> threads on the CPU accelerator, a full grid-stride extent on CUDA.
    /// </summary>
    public KernelConfig Shape(int workItems)
    {
        if (IsCpu) return new KernelConfig(1, Accelerator.MaxNumThreadsPerGroup);
        int groupSize = Math.Min(256, Accelerator.MaxNumThreadsPerGroup);
        int maxGroups = Accelerator.NumMultiprocessors * Math.Max(1, Accelerator.MaxNumThreadsPerMultiprocessor / groupSize);
        int groups = Math.Clamp((Math.Max(1, workItems) + groupSize - 1) / groupSize, 1, maxGroups);
        return new KernelConfig(groups, groupSize);
    }

    /// <summary>Items one thread takes in a chunked grid-stride loop: contiguous chunks on CPU, 1 (coalesced) on CUDA.</summary>
    public int ChunkSize(int workItems) =>
        IsCpu ? Math.Max(1, (workItems + ParallelThreads - 1) / ParallelThreads) : 1;

    private static CPUDevice CpuDevice(int? threads) =>
        new(Math.Max(2, threads ?? Environment.ProcessorCount), 1, 1);

    /// <inheritdoc />
    public void Dispose()
    {
        Accelerator.Dispose();
        Context.Dispose();
    }
}
