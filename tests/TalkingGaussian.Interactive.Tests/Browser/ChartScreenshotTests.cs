using TalkingGaussian.Interactive.Charts;
using TalkingGaussian.Interactive.Tests.Display;

namespace TalkingGaussian.Interactive.Tests.Browser;

/// <summary>
/// Charts must draw offline: a page built by the display package is opened in headless Chromium with no network,
/// and the chart's region must show plotly's plot area and the trace, not a blank div.
/// </summary>
[Collection(PlotlyCollection.Name)]
public class ChartScreenshotTests
{
    [Fact]
    public void Line_chart_page_draws_its_plot_area_and_trace()
    {
        string page = Path.Combine(Path.GetTempPath(), $"tg-chart-{Guid.NewGuid():N}.html");
        try
        {
            var chart = Chart.Lines([LineSeries.Of("loss", Enumerable.Range(0, 50).Select(i => 1.0 / (1 + i)))],
                title: "loss curve", xTitle: "step", yTitle: "L1", width: 720, height: 420);
            chart.SavePage(page);
            var shot = HeadlessChromium.Screenshot(page, 800, 500);

            // The chart div sits at the body's 16 px margin: (16, 16)–(736, 436).
            int background = ChartPixels.Count(shot, ChartPixels.PlotBackground, 16, 16, 736, 436);
            int trace = ChartPixels.Count(shot, ChartPixels.FirstTrace, 16, 16, 736, 436, tolerance: 40);
            Assert.True(background > 40_000, $"plot area pixels: {background}; the chart region looks blank (plotly.js did not draw).");
            Assert.True(trace > 150, $"trace pixels: {trace}; the line was not drawn.");
            Assert.True(ChartPixels.NonWhiteFraction(shot, 16, 16, 736, 436) > 0.3);
            // Below the chart the page is empty: the statistics do see the difference.
            Assert.True(ChartPixels.NonWhiteFraction(shot, 16, 450, 780, 495) < 0.01);
        }
        finally
        {
            File.Delete(page);
        }
    }

    [Fact]
    public void A_page_without_plotly_js_stays_blank_so_the_check_can_fail()
    {
        string page = Path.Combine(Path.GetTempPath(), $"tg-chart-{Guid.NewGuid():N}.html");
        try
        {
            var chart = Chart.Line([1.0, 2.0, 3.0]);
            // The chart fragment alone, without the plotly.js that HtmlPage puts in the head.
            File.WriteAllText(page, "<!DOCTYPE html><html><body style=\"margin:16px\">" + PlotlyScript.Strip(chart.Html) + "</body></html>");
            var shot = HeadlessChromium.Screenshot(page, 800, 500);
            Assert.True(ChartPixels.Count(shot, ChartPixels.PlotBackground, 16, 16, 736, 436) < 100);
        }
        finally
        {
            File.Delete(page);
        }
    }
}
