using Microsoft.DotNet.Interactive.Documents;
using TalkingGaussian.Interactive.Tests.Display;
using TalkingGaussian.Notebooks;
using TalkingGaussian.Notebooks.Running;

namespace TalkingGaussian.Interactive.Tests.Runner;

[Collection(PlotlyCollection.Name)]
public class NotebookRunnerTests
{
    [Fact]
    public async Task Cells_run_in_order_in_the_notebooks_folder_with_their_outputs()
    {
        using var nb = new TempNotebook(
            ("markdown", "# A notebook"),
            ("csharp", "#!csharp\nvar x = 6 * 7;\nConsole.WriteLine($\"x = {x}\");"),
            ("csharp", "System.IO.File.WriteAllText(\"marker.txt\", \"here\");\nx + 1"),
            ("csharp", "display(\"shown\");"));
        var document = NotebookFile.Read(nb.Path_);
        var log = new StringWriter();
        var run = await new NotebookRunner(log).RunAsync(document, nb.Path_, TimeSpan.FromMinutes(2));

        Assert.Null(run.Failure);
        Assert.Equal(3, run.Cells.Count);
        Assert.True(File.Exists(Path.Combine(nb.Folder, "marker.txt")), "cells must run with the notebook's folder as working directory");
        var stdout = Assert.IsType<TextElement>(Assert.Single(document.Elements[1].Outputs));
        Assert.Equal("x = 42\n", stdout.Text);
        var value = Assert.IsType<ReturnValueElement>(Assert.Single(document.Elements[2].Outputs));
        Assert.Contains("43", string.Concat(value.Data.Values));
        Assert.Single(document.Elements[3].Outputs);
        Assert.Contains("[cell 2/4]", log.ToString());
    }

    [Fact]
    public async Task The_first_failing_cell_stops_the_run_and_names_its_error()
    {
        using var nb = new TempNotebook(
            ("csharp", "var ok = 1;"),
            ("csharp", "throw new InvalidOperationException(\"the scene is empty\");"),
            ("csharp", "System.IO.File.WriteAllText(\"never.txt\", \"\");"));
        var document = NotebookFile.Read(nb.Path_);
        var run = await new NotebookRunner(TextWriter.Null).RunAsync(document, nb.Path_, TimeSpan.FromMinutes(2));

        Assert.NotNull(run.Failure);
        Assert.Equal(2, run.Failure!.Index);
        Assert.Contains("the scene is empty", run.Failure.Error);
        Assert.False(File.Exists(Path.Combine(nb.Folder, "never.txt")));
        Assert.IsType<ErrorElement>(Assert.Single(document.Elements[1].Outputs));
    }

    [Fact]
    public async Task A_compile_error_fails_the_cell()
    {
        using var nb = new TempNotebook(("csharp", "int y = \"not a number\";"));
        var run = await new NotebookRunner(TextWriter.Null).RunAsync(NotebookFile.Read(nb.Path_), nb.Path_, TimeSpan.FromMinutes(2));
        Assert.NotNull(run.Failure);
        Assert.Contains("CS0029", run.Failure!.Error);
    }

    [Fact]
    public async Task Run_command_writes_the_executed_notebook_and_page_and_exits_1_on_failure()
    {
        TalkingGaussian.Interactive.Charts.PlotlyScript.ResetNotebookOutput();
        using var good = new TempNotebook(("csharp", TempNotebook.ReferenceDisplayPackage), ("csharp", "TalkingGaussian.Interactive.Show.Line(new[] { 3.0, 2.0, 1.0 })"));
        string outDir = Path.Combine(good.Folder, "out");
        int ok = await RunnerCli.RunAsync(RunnerCli.CreateRoot(), ["run", good.Path_, "--output-dir", outDir]);
        Assert.Equal(0, ok);
        string page = File.ReadAllText(Path.Combine(outDir, "test.html"));
        Assert.True(page.IndexOf("data-tg-plotly=\"", StringComparison.Ordinal) >= 0, "the page must carry plotly.js");
        Assert.Equal(page.IndexOf("data-tg-plotly=\"", StringComparison.Ordinal), page.LastIndexOf("data-tg-plotly=\"", StringComparison.Ordinal));
        Assert.True(page.IndexOf("data-tg-plotly=\"", StringComparison.Ordinal) < page.IndexOf("<body>", StringComparison.Ordinal), "plotly.js belongs in the head");
        Assert.Contains("\"text/html\"", File.ReadAllText(Path.Combine(outDir, "test.ipynb")));

        using var bad = new TempNotebook(("csharp", "throw new Exception(\"boom\");"));
        Assert.Equal(RunnerCli.NotebookFailed, await RunnerCli.RunAsync(RunnerCli.CreateRoot(), ["run", bad.Path_, "--output-dir", outDir]));
        Assert.Equal(RunnerCli.BadInput, await RunnerCli.RunAsync(RunnerCli.CreateRoot(), ["run", Path.Combine(bad.Folder, "missing.ipynb")]));
    }

    [Fact]
    public async Task A_notebook_past_its_time_limit_fails()
    {
        // The only code cell waits for a gate file that the test creates after the run has returned, so the time limit
        // always expires inside that cell, however long the kernel takes to start or to compile its first cell.
        string gate = Path.Combine(Path.GetTempPath(), $"tg-gate-{Guid.NewGuid():N}");
        using var nb = new TempNotebook(
            ("markdown", "# waits"),
            ("csharp", $"while (!System.IO.File.Exists(@\"{gate}\")) System.Threading.Thread.Sleep(20);\nSystem.IO.File.Delete(@\"{gate}\");"),
            ("csharp", "System.IO.File.WriteAllText(\"never.txt\", \"\");"));
        var run = await new NotebookRunner(TextWriter.Null).RunAsync(NotebookFile.Read(nb.Path_), nb.Path_, TimeSpan.FromSeconds(1));

        Assert.NotNull(run.Failure);
        Assert.Equal(2, run.Failure!.Index);
        Assert.Contains("time limit", run.Failure.Error);
        Assert.False(File.Exists(Path.Combine(nb.Folder, "never.txt")), "no cell runs after the one that timed out");
        // Release the abandoned cell so its thread ends (it deletes the gate when it sees it; a cell the kernel never
        // started leaves the empty gate file behind in the temp folder).
        File.WriteAllText(gate, "");
        var released = System.Diagnostics.Stopwatch.StartNew();
        while (File.Exists(gate) && released.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(20);
    }

    [Fact]
    public async Task Magic_commands_of_the_stock_kernel_work()
    {
        using var nb = new TempNotebook(("csharp", "#!time\nvar timed = 2;"), ("csharp", "#!whos"));
        var document = NotebookFile.Read(nb.Path_);
        var run = await new NotebookRunner(TextWriter.Null).RunAsync(document, nb.Path_, TimeSpan.FromMinutes(2));
        Assert.Null(run.Failure);
        var time = Assert.IsType<DisplayElement>(Assert.Single(document.Elements[0].Outputs));
        Assert.StartsWith("Wall time:", (string)time.Data["text/plain"]);
        Assert.Contains("timed", string.Concat(document.Elements[1].Outputs.OfType<DisplayElement>().SelectMany(d => d.Data.Values)));
    }
}
