using System.CommandLine;
using TalkingGaussian.Notebooks;
using TalkingGaussian.Notebooks.Commands;

// tg-notebook: the headless notebook runner. Each command lives in Commands/<Name>Command.cs.
var root = new RootCommand(
    "tg-notebook: runs TalkingGaussian notebooks headlessly on the .NET Interactive C# kernel and writes the executed " +
    ".ipynb and a standalone HTML page.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(HtmlCommand.Create());
return await RunnerCli.RunAsync(root, args);
