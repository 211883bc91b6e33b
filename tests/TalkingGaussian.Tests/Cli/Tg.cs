using TalkingGaussian.Cli;

namespace TalkingGaussian.Tests.Cli;

/// <summary>Runs a <c>tg</c> command in-process exactly as the tool does (same command tree, same error handling).</summary>
internal static class Tg
{
    private static readonly object ConsoleLock = new();

    /// <summary>Exit code and captured standard output and error of <c>tg args…</c>.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        lock (ConsoleLock)
        {
            var (oldOut, oldErr) = (Console.Out, Console.Error);
            var (o, e) = (new StringWriter(), new StringWriter());
            Console.SetOut(o);
            Console.SetError(e);
            try
            {
                return (CliRunner.Run(CliApp.CreateRoot(), args), o.ToString(), e.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }
    }
}
