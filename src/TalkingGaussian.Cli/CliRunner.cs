using System.CommandLine;

namespace TalkingGaussian.Cli;

/// <summary>Parses and invokes a command; user errors print one clear line and exit 1 instead of a stack trace.</summary>
internal static class CliRunner
{
    public static int Run(RootCommand root, string[] args)
    {
        try
        {
            // The default handler would print "Unhandled exception" and a stack trace before the catch below could run.
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UserInputException e)
        {
            Console.Error.WriteLine($"tg: {e.Message}");
            return 1;
        }
    }
}

/// <summary>A problem with what the user gave (a path, a file's content, a setting): reported without a stack trace.</summary>
internal sealed class UserInputException(string message) : Exception(message);
