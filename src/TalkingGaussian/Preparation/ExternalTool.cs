using System.Diagnostics;

namespace TalkingGaussian.Preparation;

/// <summary>Runs ffmpeg and ffprobe (Debian's <c>ffmpeg</c> package) and turns a failure into a clear error.</summary>
internal static class ExternalTool
{
    /// <summary>Runs <paramref name="exe"/> with <paramref name="args"/>; returns its standard output, or throws with its last error lines.</summary>
    public static string Run(string exe, IEnumerable<string> args, string what)
    {
        var psi = new ProcessStartInfo(exe) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new PreparationException($"{exe} did not start.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new PreparationException($"{exe} is not installed; tg prepare needs it to {what}. Install it with `apt-get install ffmpeg`.");
        }
        using (p)
        {
            p.StandardInput.Close();
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                var tail = string.Join(" | ", stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
                throw new ToolFailedException(exe, p.ExitCode, tail, what);
            }
            return stdout;
        }
    }
}

/// <summary>ffmpeg or ffprobe exited with an error.</summary>
internal sealed class ToolFailedException(string exe, int code, string detail, string what)
    : Exception($"{exe} failed to {what} (exit {code}): {detail}")
{
    public string Detail { get; } = detail;
}
