using System.CommandLine;
using TalkingGaussian.Notebooks.Html;
using TalkingGaussian.Notebooks.Running;

namespace TalkingGaussian.Notebooks.Commands;

/// <summary><c>tg-notebook run NOTEBOOK</c>: runs every cell, writes the executed notebook and its HTML page.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var notebook = new Argument<FileInfo>("notebook") { Description = "The .ipynb to run (cells run in its folder, as in an editor)." };
        var outputDir = new Option<DirectoryInfo>("--output-dir", "-o")
        {
            Description = "Folder for NAME.ipynb (executed, with outputs) and NAME.html (standalone page).",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "notebooks")),
        };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds the whole notebook may take before the run fails.",
            DefaultValueFactory = _ => 600,
        };
        var command = new Command("run",
            "Run a notebook top to bottom; exit 1 with the failing cell's error if any cell fails. A notebook with F# cells runs " +
            "on the stock kernel through the repository's dotnet-repl tool (dotnet tool restore).")
        {
            notebook, outputDir, timeout,
        };
        command.SetAction(async (parse, _) =>
        {
            var path = parse.GetValue(notebook)!.FullName;
            int seconds = parse.GetValue(timeout);
            if (seconds <= 0) throw new NotebookInputException($"--timeout must be a positive number of seconds, got {seconds}.");
            var outDir = parse.GetValue(outputDir)!.FullName;

            var document = NotebookFile.Read(path);
            RunnerConsole.Out.WriteLine($"running {path}");
            string name = Path.GetFileNameWithoutExtension(path);
            string ipynb = Path.Combine(outDir, name + ".ipynb");
            string html = Path.Combine(outDir, name + ".html");
            NotebookRun run;
            if (StockKernelRunner.Needs(document))
            {
                run = await new StockKernelRunner(RunnerConsole.Out).RunAsync(document, path, ipynb, TimeSpan.FromSeconds(seconds));
            }
            else
            {
                run = await new NotebookRunner(RunnerConsole.Out).RunAsync(document, path, TimeSpan.FromSeconds(seconds));
                NotebookFile.Write(run.Document, ipynb);
            }
            AtomicFile.WriteAllText(html, NotebookHtmlWriter.Write(run.Document, name));
            RunnerConsole.Out.WriteLine($"wrote {ipynb}");
            RunnerConsole.Out.WriteLine($"wrote {html}");

            if (run.Failure is { Index: 0 } whole)
            {
                RunnerConsole.Error.WriteLine($"tg-notebook: {path}: {whole.Error}");
                return RunnerCli.NotebookFailed;
            }
            if (run.Failure is { } failure)
            {
                var source = document.Elements[failure.Index - 1].Contents;
                RunnerConsole.Error.WriteLine($"tg-notebook: {path}: cell {failure.Index} failed:");
                RunnerConsole.Error.WriteLine(Indent(source));
                RunnerConsole.Error.WriteLine($"  error: {failure.Error}");
                return RunnerCli.NotebookFailed;
            }
            RunnerConsole.Out.WriteLine($"{name}: {run.Cells.Count} code cells ran in {run.Elapsed.TotalSeconds:F1} s");
            return 0;
        });
        return command;
    }

    private static string Indent(string source) =>
        string.Join('\n', source.Split('\n').Take(12).Select(l => "  | " + l.TrimEnd()));
}
