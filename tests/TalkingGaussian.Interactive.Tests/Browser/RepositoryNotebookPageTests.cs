using System.Diagnostics;

namespace TalkingGaussian.Interactive.Tests.Browser;

/// <summary>
/// Every notebook in <c>notebooks/</c>, and the F# notebook of these tests (<c>Notebooks/</c>, which tg-notebook hands to
/// the stock kernel), run by <c>tg-notebook</c> in its own process as CI and users run it, gives an offline HTML page
/// whose charts draw and whose equations KaTeX typesets in headless Chromium.
/// </summary>
public class RepositoryNotebookPageTests
{
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "notebooks", Path.Combine("tests", "TalkingGaussian.Interactive.Tests", "Notebooks") })
            foreach (var path in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, folder), "*.ipynb").Order(StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(RepositoryRoot.Path, path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_page_draws_its_charts_and_equations(string notebook)
    {
        string outDir = Directory.CreateTempSubdirectory("tg-nbpage-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { RepositoryRoot.Runner, "run", Path.Combine(RepositoryRoot.Path, notebook), "--output-dir", outDir })
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
            string page = Path.Combine(outDir, Path.ChangeExtension(Path.GetFileName(notebook), ".html"));
            var shot = HeadlessChromium.Screenshot(page, 1000, 16000);
            int plotArea = ChartPixels.Count(shot, ChartPixels.PlotBackground, 0, 0, shot.Width, shot.Height);
            Assert.True(plotArea > 40_000, $"{notebook}: {plotArea} plot-area pixels on its page; its charts did not draw.");
            // Every notebook opens with the equations it covers; all of them must be typeset.
            var math = PageMath.Read(HeadlessChromium.DumpDom(page));
            Assert.True(math.AllTypeset, $"{notebook}: {math}");
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }
}
