using System.Text;

namespace TalkingGaussian.Notebooks;

/// <summary>
/// The runner's own standard output and error, opened on the process's streams. Not <see cref="Console.Out"/>: the C#
/// kernel redirects that while a cell runs (to capture the cell's output), and a cell that timed out keeps it redirected.
/// </summary>
internal static class RunnerConsole
{
    private static readonly Lazy<TextWriter> OutWriter = new(() => Open(Console.OpenStandardOutput()));
    private static readonly Lazy<TextWriter> ErrorWriter = new(() => Open(Console.OpenStandardError()));

    /// <summary>Standard output.</summary>
    public static TextWriter Out => OutWriter.Value;

    /// <summary>Standard error.</summary>
    public static TextWriter Error => ErrorWriter.Value;

    private static TextWriter Open(Stream stream) =>
        TextWriter.Synchronized(new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true });
}
