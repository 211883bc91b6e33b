using System.CommandLine;
using TalkingGaussian.Compute;

namespace TalkingGaussian.Cli;

/// <summary>Options shared by several commands, so they are spelled and documented once.</summary>
internal static class CommonOptions
{
    /// <summary><c>--device auto|cpu|cuda</c>.</summary>
    public static Option<ComputeBackend> Backend() => new("--device")
    {
        Description = "Compute backend: auto (CUDA if present, else CPU), cpu, or cuda.",
        DefaultValueFactory = _ => ComputeBackend.Auto,
    };

    /// <summary><c>--threads N</c>: worker threads of the SIMD CPU paths (default: the device's threads).</summary>
    public static Option<int?> SimdThreads() => new("--threads")
    {
        Description = "Worker threads of the SIMD CPU path (1–256; default: one per thread of the CPU device). --threads 1 against the single-thread reference gives the per-core speed-up.",
    };

    /// <summary>The worker team <c>--threads</c> asks for, or null for the default.</summary>
    public static ParallelWorkers? Workers(int? threads)
    {
        if (threads is null) return null;
        if (threads is < 1 or > 256) throw new UserInputException($"--threads must lie in 1–256, got {threads}.");
        return ParallelWorkers.Get(threads.Value);
    }
}
