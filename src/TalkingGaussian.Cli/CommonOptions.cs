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
}
