using TalkingGaussian.Interactive.Charts;
using TalkingGaussian.Interactive.Tests.Display;
using TalkingGaussian.Interactive.Tests.Runner;
using TalkingGaussian.Notebooks;

namespace TalkingGaussian.Interactive.Tests.Browser;

/// <summary>
/// The runner's HTML page of an executed notebook, opened offline in headless Chromium: its chart must draw from the
/// plotly.js hoisted into the page's head, and its inline image must show.
/// </summary>
[Collection(PlotlyCollection.Name)]
public class NotebookPageScreenshotTests
{
    [Fact]
    public async Task Executed_notebook_page_draws_its_chart_and_image()
    {
        PlotlyScript.ResetNotebookOutput();
        using var nb = new TempNotebook(
            ("markdown", "# Page test\n\nA loss curve and a red square."),
            ("csharp", TempNotebook.ReferenceDisplayPackage),
            ("csharp", "TalkingGaussian.Interactive.Show.Line(Enumerable.Range(0, 40).Select(i => 1.0 / (1 + i)), \"loss\")"),
            ("csharp", "var red = new float[3 * 16 * 16]; Array.Fill(red, 1f, 0, 256);\nTalkingGaussian.Interactive.Show.Image(red, 16, 16, \"red\", scale: 8)"));
        string outDir = Path.Combine(nb.Folder, "out");
        Assert.Equal(0, await RunnerCli.RunAsync(RunnerCli.CreateRoot(), ["run", nb.Path_, "--output-dir", outDir]));

        var shot = HeadlessChromium.Screenshot(Path.Combine(outDir, "test.html"), 1000, 1400);
        int background = ChartPixels.Count(shot, ChartPixels.PlotBackground, 0, 0, shot.Width, shot.Height);
        int trace = ChartPixels.Count(shot, ChartPixels.FirstTrace, 0, 0, shot.Width, shot.Height, tolerance: 40);
        int red = ChartPixels.Count(shot, (255, 0, 0), 0, 0, shot.Width, shot.Height, tolerance: 10);
        Assert.True(background > 40_000, $"plot area pixels: {background}; the notebook page's chart did not draw.");
        Assert.True(trace > 150, $"trace pixels: {trace}");
        Assert.True(red > 100 * 100, $"red pixels: {red}; the inline PNG did not show.");
    }
}
