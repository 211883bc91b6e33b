using System.Text.RegularExpressions;
using TalkingGaussian.Interactive.Charts;
using TalkingGaussian.Interactive.Tests.Display;
using TalkingGaussian.Training.Sampling;

namespace TalkingGaussian.Interactive.Tests.Browser;

/// <summary>
/// The sampler explorer's page recomputes Eq. 5 in script when a slider moves. Opened offline in headless Chromium, the
/// frames it marks, its window and whether the window applies must be what <see cref="SamplingWindow"/> and
/// <see cref="IncrementalSampler"/> say for the same values: at the start, after a slider event, and when no frame fits.
/// </summary>
[Collection(PlotlyCollection.Name)]
public partial class SamplingWindowExplorerTests
{
    private static readonly int[] Ids = Enumerable.Range(0, 40).Select(i => 3 * i + 1).ToArray();
    private static readonly double[] Metric = Enumerable.Range(0, 40).Select(i => Math.Round(8 * Math.Abs(Math.Sin(0.37 * i + 0.2)), 3)).ToArray();
    private static readonly SamplingWindow Window = new("lips opening", FrameMetric.MouthOpening, 1.5, 3.5, 0.004, 0.004, 5, 0, 600);

    [Fact]
    public void The_page_marks_the_frames_the_window_admits_at_the_start()
    {
        var page = Open(SamplingWindowExplorer.Create(Ids, Metric, Window, iterations: 800, iteration: 100), script: null);
        AssertMatches(page, Window, 100);
    }

    [Fact]
    public void A_slider_event_and_set_values_recompute_the_selection()
    {
        // The k slider's event (as plotly.js emits it on a drag), then B_lower, B_upper, T and K set from script.
        const string script = """
            var s=el._fullLayout.sliders.filter(function(x){return x.name==='k';})[0];
            el.emit('plotly_sliderchange',{slider:s,step:{value:'240'}});
            el.tgSetWindow({lower:4.25,upper:6.5,step:-0.002,interval:3});
            """;
        var page = Open(SamplingWindowExplorer.Create(Ids, Metric, Window, iterations: 800, iteration: 100), script);
        AssertMatches(page, Window with { Lower = 4.25, Upper = 6.5, LowerStep = -0.002, UpperStep = -0.002, Interval = 3 }, 240);
        Assert.Equal("true", page.Applies); // 240 mod 3 = 0, inside [0, 600)
    }

    [Fact]
    public void When_no_frame_fits_the_page_names_the_frame_the_sampler_falls_back_to()
    {
        const string script = "el.tgSetWindow({lower:20,upper:21,step:0,k:7});";
        var page = Open(SamplingWindowExplorer.Create(Ids, Metric, Window, iterations: 800), script);
        Assert.Equal("", page.Admitted);
        Assert.Equal("false", page.Applies); // 7 mod 5 ≠ 0: a uniform draw
        var window = Window with { Lower = 20, Upper = 21, LowerStep = 0, UpperStep = 0 };
        int expected = Ids[Enumerable.Range(0, Ids.Length).MinBy(i => window.Distance(Metric[i], 7))];
        Assert.Equal(expected.ToString(), page.Fallback);
    }

    [Fact]
    public void The_figure_has_one_slider_per_quantity_of_eq_5_and_the_iteration()
    {
        var chart = SamplingWindowExplorer.Create(Ids, Metric, Window, iterations: 800);
        foreach (var name in new[] { "lower", "upper", "step", "interval", "k" })
            Assert.Contains($"\"name\":\"{name}\"", chart.FigureJson);
        Assert.Throws<ArgumentException>(() => SamplingWindowExplorer.Create(Ids, Metric, Window with { UpperStep = 0 }, 800));
        Assert.Throws<ArgumentException>(() => SamplingWindowExplorer.Create(Ids, Metric.Take(3).ToArray(), Window, 800));
    }

    private static void AssertMatches(PageState page, SamplingWindow window, int k)
    {
        var expected = Enumerable.Range(0, Ids.Length).Where(i => window.Distance(Metric[i], k) == 0).Select(i => Ids[i]).ToArray();
        Assert.NotEmpty(expected); // the case must exercise a selection
        Assert.True(expected.Length < Ids.Length, "the window must leave some frames out");
        Assert.Equal(string.Join(",", expected), page.Admitted);
        var (lo, hi) = window.At(k);
        var bounds = page.Window.Split(',').Select(double.Parse).ToArray();
        Assert.Equal(lo, bounds[0], 12);
        Assert.Equal(hi, bounds[1], 12);
        Assert.Equal(window.AppliesAt(k) ? "true" : "false", page.Applies);
    }

    private sealed record PageState(string Admitted, string Window, string Applies, string Fallback);

    private static PageState Open(ChartView chart, string? script)
    {
        string path = Path.Combine(Path.GetTempPath(), $"tg-explorer-{Guid.NewGuid():N}.html");
        try
        {
            // After the chart's own script has run (tgSetWindow exists), the test's script changes values, then marks the div done.
            string driver = "<script>(function(){function go(){var el=document.querySelector('[data-tg-chart]');" +
                            "if(!el||!el.tgSetWindow){setTimeout(go,50);return;}" + (script ?? "") + "el.setAttribute('data-test-done','1');}go();})();</script>";
            HtmlPage.Save(path, "explorer", chart, new HtmlView(driver));
            string dom = HeadlessChromium.DumpDom(path);
            var div = ChartDiv().Match(dom);
            Assert.True(div.Success && div.Value.Contains("data-test-done=\"1\""), "the chart never finished drawing (plotly.js or its script failed)");
            string Attr(string name) => Regex.Match(div.Value, name + "=\"([^\"]*)\"").Groups[1].Value;
            return new PageState(Attr("data-admitted"), Attr("data-window"), Attr("data-applies"), Attr("data-fallback"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [GeneratedRegex("<div id=\"tg-chart-[^>]*>")]
    private static partial Regex ChartDiv();
}
