using System.Diagnostics;

namespace TalkingGaussian.Interactive.Tests.Browser;

/// <summary>
/// Every notebook in <c>notebooks/</c>, run by <c>tg-notebook</c> in its own process (as CI and users run it), gives an
/// offline HTML page whose charts draw in headless Chromium.
/// </summary>
public class RepositoryNotebookPageTests
{
    private static readonly string Root = FindRoot();

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(Root, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_page_draws_its_charts(string notebook)
    {
        string runner = Path.Combine(Root, "src", "TalkingGaussian.Notebooks", "bin", "Release", "net10.0", "tg-notebook.dll");
        Assert.True(File.Exists(runner), $"{runner} is missing: build the solution in Release first (dotnet build -c Release).");
        string outDir = Directory.CreateTempSubdirectory("tg-nbpage-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { runner, "run", Path.Combine(Root, "notebooks", notebook), "--output-dir", outDir })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(600));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{notebook} did not finish in 600 s.");
            }
            Assert.True(process.ExitCode == 0, $"{notebook} failed (exit {process.ExitCode}):\n{await stdout}\n{await stderr}");

            // The whole page fits a 16,000-pixel-tall window; every notebook has at least one 2D chart.
            var shot = HeadlessChromium.Screenshot(Path.Combine(outDir, Path.ChangeExtension(notebook, ".html")), 1000, 16000);
            int plotArea = ChartPixels.Count(shot, ChartPixels.PlotBackground, 0, 0, shot.Width, shot.Height);
            Assert.True(plotArea > 40_000, $"{notebook}: {plotArea} plot-area pixels on its page; its charts did not draw.");
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TalkingGaussian.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No TalkingGaussian.sln above {AppContext.BaseDirectory}.");
    }
}
