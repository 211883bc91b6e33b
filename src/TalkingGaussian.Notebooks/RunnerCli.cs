using System.CommandLine;
using TalkingGaussian.Notebooks.Commands;

namespace TalkingGaussian.Notebooks;

/// <summary>Parses and invokes a command; a <see cref="NotebookInputException"/> prints one line and exits 2.</summary>
internal static class RunnerCli
{
    /// <summary>Exit code for a notebook that ran and failed (a cell error, a timeout).</summary>
    public const int NotebookFailed = 1;

    /// <summary>Exit code for unusable input (a missing file, a file that is not a notebook).</summary>
    public const int BadInput = 2;

    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand(
            "tg-notebook: runs TalkingGaussian notebooks headlessly on the .NET Interactive C# kernel (F# notebooks on the stock " +
            "kernel through dotnet-repl) and writes the executed .ipynb and a standalone HTML page.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(HtmlCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        try
        {
            // The default handler would print a stack trace for our input errors: let them reach the catch below.
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (NotebookInputException e)
        {
            RunnerConsole.Error.WriteLine($"tg-notebook: {e.Message}");
            return BadInput;
        }
    }
}
