using System.CommandLine;
using TalkingGaussian.Cli.Commands;

namespace TalkingGaussian.Cli;

/// <summary>The <c>tg</c> command tree. Each command lives in Commands/&lt;Name&gt;Command.cs.</summary>
internal static class CliApp
{
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("tg — TalkingGaussian (ECCV 2024) for .NET: audio-driven 3D talking heads from deformed Gaussian splats.");
        root.Subcommands.Add(DeviceCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(SynthCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(RenderCommand.Create());
        root.Subcommands.Add(RenderPlyCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(PrepareCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        return root;
    }
}
