using System.CommandLine;

namespace TalkingGaussian.Notebooks;

/// <summary>Parses and invokes a command; a <see cref="NotebookInputException"/> prints one line and exits 2.</summary>
internal static class RunnerCli
{
    /// <summary>Exit code for a notebook that ran and failed (a cell error, a timeout).</summary>
    public const int NotebookFailed = 1;

    /// <summary>Exit code for unusable input (a missing file, a file that is not a notebook).</summary>
    public const int BadInput = 2;

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        try
        {
            return await root.Parse(args).InvokeAsync();
        }
        catch (NotebookInputException e)
        {
            Console.Error.WriteLine($"tg-notebook: {e.Message}");
            return BadInput;
        }
    }
}

/// <summary>A problem with what the user gave (a path, a notebook's content): reported as one line, no stack trace.</summary>
internal sealed class NotebookInputException(string message) : Exception(message);
