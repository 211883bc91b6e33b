using System.ComponentModel;
using System.Diagnostics;

namespace TalkingGaussian.Media;

/// <summary>A program the package runs (ffmpeg, ffprobe) is not installed; the message says how to install it.</summary>
public sealed class ExternalToolMissingException(string message, Exception? inner = null) : InvalidOperationException(message, inner);

/// <summary>
/// Starts ffmpeg and ffprobe with redirected streams, for the media writers and readers and for <c>tg prepare</c>.
/// Arguments go through <see cref="ProcessStartInfo.ArgumentList"/>, so paths with spaces or quotes need no escaping. A
/// missing program is an <see cref="ExternalToolMissingException"/> naming the Debian package and the project scripts
/// that install it; a run that exits with an error is an <see cref="InvalidDataException"/> (the usual cause is an input
/// the tool cannot read) carrying the tail of its error output.
/// </summary>
internal static class ExternalTool
{
    /// <summary>The install hint of <paramref name="program"/> (ffmpeg and ffprobe both come with the ffmpeg package).</summary>
    public static string InstallHint(string program) =>
        $"{program} is not installed. Install it with `sudo apt-get install ffmpeg` (Debian/Ubuntu; `brew install ffmpeg` on macOS), " +
        "or run ./scripts/quickstart or ./scripts/test once, which install it.";

    /// <summary>Starts <paramref name="program"/> with <paramref name="args"/>; stdin, stdout and stderr are redirected.</summary>
    public static Process Start(string program, IEnumerable<string> args, string purpose)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        try
        {
            return Process.Start(start) ?? throw new ExternalToolMissingException($"{program} did not start ({purpose}).");
        }
        catch (Win32Exception e)
        {
            throw new ExternalToolMissingException($"{InstallHint(program)} It is needed to {purpose}.", e);
        }
    }

    /// <summary>Runs <paramref name="program"/> to completion and returns its standard output; a non-zero exit throws with its error output.</summary>
    /// <exception cref="ExternalToolMissingException">The program is not installed.</exception>
    /// <exception cref="InvalidDataException">It exited with an error; the message ends with its error output.</exception>
    public static string Run(string program, IEnumerable<string> args, string purpose)
    {
        using var process = Start(program, args, purpose);
        process.StandardInput.Close();
        var errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidDataException($"{program} failed to {purpose} (exit {process.ExitCode}): {Tail(errors.Result)}");
        return output;
    }

    /// <summary>The last lines of a tool's error output, trimmed for a one-paragraph message.</summary>
    public static string Tail(string text, int maxChars = 1500)
    {
        text = text.Trim();
        return text.Length <= maxChars ? text : "…" + text[^maxChars..];
    }
}
