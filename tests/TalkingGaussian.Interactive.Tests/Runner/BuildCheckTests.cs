using System.Diagnostics;
using System.Text.Json;
using TalkingGaussian.Notebooks;
using TalkingGaussian.Notebooks.Running;
using TalkingGaussian.Interactive.Tests.Display;

namespace TalkingGaussian.Interactive.Tests.Runner;

/// <summary>
/// A notebook run before the library is built stops in its first code cell with one sentence that says to run
/// <c>dotnet build -c Release</c> at the repository root, instead of the #r cell's CS0006 "Metadata file could not be
/// found": in tg-notebook and in the stock kernel (dotnet-repl), for C# and F# notebooks. The runs use copies of the
/// notebooks in a temporary folder, where the relative #r path finds no dll, exactly as before a build.
/// </summary>
[Collection(PlotlyCollection.Name)]
public class BuildCheckTests
{
    private const string Advice = "run `dotnet build -c Release` at the repository root";

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void First_code_cell_checks_for_the_dll_the_second_loads(string notebook)
    {
        var code = CodeCells(Path.Combine(RepositoryRoot.Path, "notebooks", notebook));
        Assert.Contains(Advice, code[0]);
        Assert.DoesNotContain("#r", code[0]);
        string checkedDll = Between(code[0], "File.Exists(\"", "\")");
        Assert.Contains($"#r \"{Path.GetDirectoryName(checkedDll)!.Replace('\\', '/')}/TalkingGaussian.dll\"", code[1]);
        Assert.Contains($"#r \"{checkedDll}\"", code[1]);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Runner_stops_at_the_first_cell_with_the_build_advice(string notebook)
    {
        using var copy = new UnbuiltCopy(Path.Combine(RepositoryRoot.Path, "notebooks", notebook));
        var document = NotebookFile.Read(copy.Notebook);
        if (document.Elements.Any(e => e.KernelName == "fsharp"))
        {
            // tg-notebook hands an F# notebook to the stock kernel, which runs on after a failed cell: its first error is the advice.
            string outDir = Path.Combine(copy.Folder, "out");
            Assert.Equal(RunnerCli.NotebookFailed, await RunnerCli.RunAsync(RunnerCli.CreateRoot(), ["run", copy.Notebook, "--output-dir", outDir]));
            Assert.Contains(Advice, FirstError(Path.Combine(outDir, notebook)));
            return;
        }
        var run = await new NotebookRunner(TextWriter.Null).RunAsync(document, copy.Notebook, TimeSpan.FromMinutes(2));
        var failure = Assert.Single(run.Cells); // the first code cell failed and nothing after it ran
        Assert.Contains(Advice, failure.Error);
        Assert.DoesNotContain("CS0006", failure.Error);
    }

    [Fact]
    public async Task Stock_kernel_shows_the_build_advice_in_the_first_cell()
    {
        using var copy = new UnbuiltCopy(Path.Combine(RepositoryRoot.Path, "notebooks", "01-gaussian-splatting.ipynb"));
        string output = Path.Combine(copy.Folder, "executed.ipynb");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(copy.Notebook)!, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var arg in new[] { "tool", "run", "dotnet-repl", "--run", copy.Notebook, "--exit-after-run", "--output-path", output,
                     "--output-format", "ipynb" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var log = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);
        Assert.True(File.Exists(output),
            $"dotnet-repl wrote nothing (exit {process.ExitCode}); run `dotnet tool restore` at the repository root. {string.Concat(await log)}");
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains(Advice, FirstError(output));
    }

    [Fact]
    public async Task FSharp_notebook_shows_the_build_advice_in_its_first_cell()
    {
        using var copy = new UnbuiltCopy(
            Path.Combine(RepositoryRoot.Path, "tests", "TalkingGaussian.Interactive.Tests", "Notebooks", "fsharp-library.ipynb"));
        string outDir = Path.Combine(copy.Folder, "out");
        Assert.Equal(RunnerCli.NotebookFailed, await RunnerCli.RunAsync(RunnerCli.CreateRoot(), ["run", copy.Notebook, "--output-dir", outDir]));
        Assert.Contains(Advice, FirstError(Path.Combine(outDir, "fsharp-library.ipynb")));
        Assert.True(File.Exists(Path.Combine(outDir, "fsharp-library.html")));
    }

    private static List<string> CodeCells(string path) =>
        JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .Select(c => string.Concat(c.GetProperty("source").EnumerateArray().Select(l => l.GetString())))
            .ToList();

    /// <summary>The first error of the first code cell that has one, in an executed notebook; fails if that is not the first code cell.</summary>
    private static string FirstError(string executed)
    {
        var cells = JsonDocument.Parse(File.ReadAllText(executed)).RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code").ToList();
        var error = cells[0].GetProperty("outputs").EnumerateArray().FirstOrDefault(o => o.GetProperty("output_type").GetString() == "error");
        Assert.True(error.ValueKind == JsonValueKind.Object, $"the first code cell of {executed} did not fail");
        return error.GetProperty("evalue").GetString() ?? "";
    }

    private static string Between(string text, string before, string after)
    {
        int start = text.IndexOf(before, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {before} in {text}");
        start += before.Length;
        return text[start..text.IndexOf(after, start, StringComparison.Ordinal)];
    }

    /// <summary>
    /// A notebook copied three folders deep into a temporary folder (so "../src/…" and "../../../src/…" lead nowhere),
    /// with the repository's tool manifest at the top so <c>dotnet tool run dotnet-repl</c> works there.
    /// </summary>
    private sealed class UnbuiltCopy : IDisposable
    {
        public UnbuiltCopy(string notebook)
        {
            Folder = Directory.CreateTempSubdirectory("tg-unbuilt-").FullName;
            string deep = Directory.CreateDirectory(Path.Combine(Folder, "a", "b", "notebooks")).FullName;
            Notebook = Path.Combine(deep, Path.GetFileName(notebook));
            File.Copy(notebook, Notebook);
            Directory.CreateDirectory(Path.Combine(Folder, ".config"));
            File.Copy(Path.Combine(RepositoryRoot.Path, ".config", "dotnet-tools.json"), Path.Combine(Folder, ".config", "dotnet-tools.json"));
        }

        public string Folder { get; }

        public string Notebook { get; }

        public void Dispose() => Directory.Delete(Folder, recursive: true);
    }
}
