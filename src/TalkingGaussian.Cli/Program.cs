using System.CommandLine;
using TalkingGaussian.Cli;
using TalkingGaussian.Cli.Commands;

// tg: the TalkingGaussian command-line tool. Each command lives in Commands/<Name>Command.cs.
var root = new RootCommand("tg — TalkingGaussian (ECCV 2024) for .NET: audio-driven 3D talking heads from deformed Gaussian splats.");
root.Subcommands.Add(DeviceCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(SynthCommand.Create());
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
return CliRunner.Run(root, args);
