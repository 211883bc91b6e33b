using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;

namespace TalkingGaussian.Notebooks.Running;

/// <summary>
/// Runs a notebook's code cells top to bottom on a fresh <see cref="KernelFactory"/> kernel, in the notebook's folder,
/// and stops at the first cell that fails. Markdown cells are kept as they are; cells of other languages are an error
/// (a notebook with F# cells goes to <see cref="StockKernelRunner"/> instead). Standard output is echoed to <paramref name="log"/> while a cell runs,
/// so long cells show their progress.
/// </summary>
internal sealed class NotebookRunner(TextWriter log)
{
    public async Task<NotebookRun> RunAsync(InteractiveDocument document, string notebookPath, TimeSpan timeout)
    {
        var total = Stopwatch.StartNew();
        var cells = new List<CellRun>();
        string previousDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!;
        try
        {
            using var kernel = KernelFactory.Create();
            using var echo = kernel.KernelEvents.Subscribe(new StdoutEcho(log));
            for (int i = 0; i < document.Elements.Count; i++)
            {
                var cell = document.Elements[i];
                if (cell.KernelName is "markdown" or "md") continue;
                cell.Outputs.Clear();
                if (string.IsNullOrWhiteSpace(cell.Contents)) continue;
                if (cell.KernelName is not ("csharp" or "C#" or null or ""))
                {
                    string error = $"cell {i + 1} is a '{cell.KernelName}' cell; the runner runs C# cells only (set the cell's language to C#).";
                    cell.Outputs.Add(new ErrorElement(error, "UnsupportedKernel", []));
                    cells.Add(new CellRun(i + 1, TimeSpan.Zero, error));
                    break;
                }

                var left = timeout - total.Elapsed;
                log.WriteLine($"[cell {i + 1}/{document.Elements.Count}] {FirstLine(cell.Contents)}");
                var watch = Stopwatch.StartNew();
                var submit = kernel.SendAsync(new SubmitCode(cell.Contents, "csharp"));
                if (left <= TimeSpan.Zero || await Task.WhenAny(submit, Task.Delay(left)) != submit)
                {
                    string error = $"the notebook ran past its time limit of {timeout.TotalSeconds:F0} s in cell {i + 1}; " +
                                   "lower the notebook's defaults or pass a larger --timeout.";
                    cell.Outputs.Add(new ErrorElement(error, "Timeout", []));
                    cells.Add(new CellRun(i + 1, watch.Elapsed, error));
                    break;
                }

                var collector = new OutputCollector();
                foreach (var e in submit.Result.Events) collector.Add(e);
                cell.Outputs.AddRange(collector.Outputs);
                cell.ExecutionOrder = cells.Count + 1;
                foreach (var returned in cell.Outputs.OfType<ReturnValueElement>()) returned.ExecutionOrder = cell.ExecutionOrder;
                cells.Add(new CellRun(i + 1, watch.Elapsed, collector.Error));
                log.WriteLine($"           {(collector.Error is null ? "ok" : "FAILED")} in {watch.Elapsed.TotalSeconds:F2} s");
                if (collector.Error is not null) break;
            }
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
        }
        return new NotebookRun(document, cells, total.Elapsed);
    }

    private static string FirstLine(string code)
    {
        string line = code.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        return line.Length > 70 ? line[..67] + "..." : line;
    }

    /// <summary>Echoes a running cell's standard output to the log.</summary>
    private sealed class StdoutEcho(TextWriter log) : IObserver<KernelEvent>
    {
        public void OnNext(KernelEvent value)
        {
            if (value is StandardOutputValueProduced stdout)
                foreach (var v in stdout.FormattedValues.Where(v => v.MimeType == "text/plain").Take(1))
                    log.Write("           | " + v.Value.Replace("\n", "\n           | ").TrimEnd(' ', '|'));
        }

        public void OnCompleted() { }

        public void OnError(Exception error) { }
    }
}
