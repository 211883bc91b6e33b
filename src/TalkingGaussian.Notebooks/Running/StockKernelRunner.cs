using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;

namespace TalkingGaussian.Notebooks.Running;

/// <summary>
/// Runs a notebook on the stock .NET Interactive kernel through the repository's pinned <c>dotnet-repl</c> (a local dotnet
/// tool, <c>.config/dotnet-tools.json</c>), for what <see cref="NotebookRunner"/>'s own C# kernel cannot host: F# cells
/// (Microsoft.DotNet.Interactive.FSharp is not served, so the runner cannot reference it). The tool runs in the
/// notebook's folder, as an editor's kernel does, so relative paths in cells mean the same thing. The stock kernel goes
/// on after a failing cell; the run reports the first failure.
/// </summary>
internal sealed partial class StockKernelRunner(TextWriter log)
{
    /// <summary>True when any cell is F# (by its language, or a <c>#!fsharp</c> first line).</summary>
    public static bool Needs(InteractiveDocument document) => document.Elements.Any(IsFSharp);

    /// <summary>
    /// Runs <paramref name="notebookPath"/> (read as <paramref name="document"/>); the executed notebook, as the stock kernel
    /// wrote it, goes to <paramref name="executedPath"/>. A run past <paramref name="timeout"/> is killed and reported as a
    /// failure of the whole notebook (cell index 0), with <paramref name="document"/> as it was.
    /// </summary>
    public async Task<NotebookRun> RunAsync(InteractiveDocument document, string notebookPath, string executedPath, TimeSpan timeout)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!;
        if (ToolManifestAbove(folder) is null)
            throw new NotebookInputException(
                $"{notebookPath} has F# cells, which tg-notebook runs on the stock kernel through this repository's pinned dotnet-repl, " +
                "and no .config/dotnet-tools.json is above its folder: move the notebook under the repository, or open it in " +
                "VS Code (Polyglot Notebooks).");
        var total = Stopwatch.StartNew();
        string scratch = Directory.CreateTempSubdirectory("tg-notebook-repl-").FullName;
        try
        {
            string output = Path.Combine(scratch, Path.GetFileName(notebookPath));
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "tool", "run", "dotnet-repl", "--run", Path.GetFullPath(notebookPath), "--exit-after-run",
                         "--output-path", output, "--output-format", "ipynb" })
                start.ArgumentList.Add(arg);
            log.WriteLine($"[stock kernel] dotnet-repl --run {Path.GetFileName(notebookPath)} (F# cells run there)");
            using var process = Process.Start(start)!;
            var transcript = new System.Text.StringBuilder();
            var echo = Task.WhenAll(Echo(process.StandardOutput, transcript), Echo(process.StandardError, transcript));
            using var limit = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
                await echo;
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                string error = $"the notebook ran past its time limit of {timeout.TotalSeconds:F0} s on the stock kernel; " +
                               "lower the notebook's defaults or pass a larger --timeout.";
                return new NotebookRun(document, [new CellRun(0, total.Elapsed, error)], total.Elapsed);
            }
            if (!File.Exists(output))
                throw new NotebookInputException(
                    $"{notebookPath}: dotnet-repl wrote no executed notebook (exit {process.ExitCode}). " +
                    "Run `dotnet tool restore` at the repository root; its output was:\n" +
                    transcript.ToString().Trim());
            var executed = NotebookFile.Read(output);
            AtomicFile.WriteAllText(executedPath, File.ReadAllText(output));
            var cells = Cells(executed);
            foreach (var cell in cells)
            {
                string outcome = cell.Succeeded ? "ok" : "FAILED";
                log.WriteLine($"[cell {cell.Index}/{executed.Elements.Count}] {outcome} in {cell.Elapsed.TotalSeconds:F2} s");
            }
            return new NotebookRun(executed, cells, total.Elapsed);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static bool IsFSharp(InteractiveDocumentElement cell) =>
        cell.KernelName is "fsharp" or "F#" or "f#" ||
        cell.Contents.TrimStart().StartsWith("#!fsharp", StringComparison.Ordinal) ||
        cell.Contents.TrimStart().StartsWith("#!f#", StringComparison.Ordinal);

    /// <summary>
    /// The folder holding <c>.config/dotnet-tools.json</c> (or <c>dotnet-tools.json</c>) at or above <paramref name="folder"/>,
    /// as <c>dotnet tool run</c> looks for it.
    /// </summary>
    private static string? ToolManifestAbove(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, ".config", "dotnet-tools.json")) ||
                File.Exists(Path.Combine(dir.FullName, "dotnet-tools.json")))
                return dir.FullName;
        return null;
    }

    /// <summary>One <see cref="CellRun"/> per code cell the stock kernel ran, in order, numbered like the runner's (1-based, all cells).</summary>
    private static List<CellRun> Cells(InteractiveDocument executed)
    {
        var cells = new List<CellRun>();
        for (int i = 0; i < executed.Elements.Count; i++)
        {
            var cell = executed.Elements[i];
            if (cell.KernelName is "markdown" or "md") continue;
            string? error = cell.Outputs.OfType<ErrorElement>().Select(e => e.ErrorValue).FirstOrDefault();
            if (error is null && cell.Outputs.Count == 0 && !Ran(cell)) continue;
            cell.ExecutionOrder = cells.Count + 1;
            cells.Add(new CellRun(i + 1, Elapsed(cell), error is null ? null : FirstLine(error)));
        }
        return cells;
    }

    private static bool Ran(InteractiveDocumentElement cell) => cell.Metadata?.ContainsKey(StartKey) == true;

    private const string StartKey = "dotnet_repl_cellExecutionStartTime", EndKey = "dotnet_repl_cellExecutionEndTime";

    private static TimeSpan Elapsed(InteractiveDocumentElement cell) =>
        cell.Metadata is { } m && m.TryGetValue(StartKey, out var s) && m.TryGetValue(EndKey, out var e) &&
        DateTimeOffset.TryParse(s?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var start) &&
        DateTimeOffset.TryParse(e?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            ? end - start
            : TimeSpan.Zero;

    /// <summary>The stock kernel's error text is the exception and its stack; the first line names the problem.</summary>
    private static string FirstLine(string error) => error.Split('\n')[0].Trim();

    private async Task Echo(StreamReader reader, System.Text.StringBuilder transcript)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            string plain = AnsiEscape().Replace(line, "").TrimEnd();
            if (plain.Length == 0) continue;
            lock (transcript) transcript.AppendLine(plain);
            log.WriteLine("           | " + plain);
        }
    }

    [GeneratedRegex(@"\x1B\[[0-9;?]*[A-Za-z]")] private static partial Regex AnsiEscape();
}
