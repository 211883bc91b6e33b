using System.Text.Json;
using TalkingGaussian.Interactive;
using TalkingGaussian.Interactive.Charts;
using TalkingGaussian.Interactive.Clouds;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Interactive.Tests.Display;

[Collection(PlotlyCollection.Name)]
public class ChartTests
{
    [Fact]
    public void Line_chart_figure_holds_the_data_built_by_plotly_net()
    {
        var chart = Show.Line([3.0, 2.0, 1.5], "loss", yTitle: "L1");
        using var figure = JsonDocument.Parse(chart.FigureJson);
        var trace = figure.RootElement.GetProperty("data")[0];
        Assert.Equal("scatter", trace.GetProperty("type").GetString());
        Assert.Equal([3.0, 2.0, 1.5], trace.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Contains("loss", figure.RootElement.GetProperty("layout").GetRawText());
        Assert.Contains(ChartView.ChartAttribute, chart.Html);
    }

    [Theory]
    [InlineData(0.3, 0.017, "\"D2\"")] // a loss over 1.2 decades: ticks 0.2, 0.1, 0.05, 0.02 in full, not "2", "5"
    [InlineData(1.0, 1e-6, "1")]        // six decades: one tick per decade
    public void Log_axis_ticks_are_written_in_full(double first, double last, string dtick)
    {
        var chart = Show.Line(Enumerable.Range(0, 50).Select(i => first * Math.Pow(last / first, i / 49.0)), logY: true);
        using var figure = JsonDocument.Parse(chart.FigureJson);
        var axis = figure.RootElement.GetProperty("layout").GetProperty("yaxis");
        Assert.Equal("log", axis.GetProperty("type").GetString());
        Assert.Equal(dtick, axis.GetProperty("dtick").GetRawText());
        Assert.Equal(".1~g", axis.GetProperty("tickformat").GetString());
    }

    [Fact]
    public void Plotly_js_is_inlined_in_the_first_chart_output_only_and_never_from_a_cdn()
    {
        PlotlyScript.ResetNotebookOutput();
        var first = Show.Line([1.0, 2.0]);
        var second = Show.Line([1.0, 2.0]);
        Assert.True(PlotlyScript.IsIn(first.Html));
        Assert.False(PlotlyScript.IsIn(second.Html));
        Assert.Contains("plotly.js v2.28.0", first.Html);
        // No script is loaded from anywhere (plotly.js itself names its topojson CDN as a default setting, unused here).
        Assert.DoesNotContain("<script src=", first.Html);
        Assert.DoesNotContain("require.config", first.Html);
    }

    [Fact]
    public void Standalone_page_carries_plotly_js_exactly_once()
    {
        PlotlyScript.ResetNotebookOutput();
        string page = HtmlPage.Build("two charts", Show.Line([1.0, 2.0]), Show.Heatmap(new float[6], 3, 2));
        Assert.Equal(1, Count(page, "data-tg-plotly=\""));
        Assert.Equal(2, Count(page, ChartView.ChartAttribute + " "));
    }

    [Fact]
    public void Heatmap_rows_are_the_planes_rows()
    {
        var chart = Show.Heatmap([0f, 1f, 2f, 3f, 4f, 5f], 3, 2, "plane");
        using var figure = JsonDocument.Parse(chart.FigureJson);
        var z = figure.RootElement.GetProperty("data")[0].GetProperty("z");
        Assert.Equal(2, z.GetArrayLength());
        Assert.Equal([3.0, 4.0, 5.0], z[1].EnumerateArray().Select(v => v.GetDouble()));
        Assert.Throws<ArgumentException>(() => Show.Heatmap(new float[5], 3, 2));
        Assert.Throws<ArgumentException>(() => Show.Heatmap(new float[6], 3, 2, colorScale: "jet"));
    }

    [Fact]
    public void Gaussian_cloud_colours_each_mean_by_its_colour()
    {
        var g = new RasterInputs
        {
            Count = 2,
            Means = [0, 0, 0, 1, 2, 3],
            Scales = [1, 1, 1, 1, 1, 1],
            Rotations = [1, 0, 0, 0, 1, 0, 0, 0],
            Opacities = [0.5f, 0.5f],
            Colors = [1, 0, 0, 0, 0, 1],
        };
        var chart = Show.Cloud(g);
        using var figure = JsonDocument.Parse(chart.FigureJson);
        var trace = figure.RootElement.GetProperty("data")[0];
        Assert.Equal("scatter3d", trace.GetProperty("type").GetString());
        Assert.Equal([0.0, 3.0], trace.GetProperty("z").EnumerateArray().Select(v => v.GetDouble()));
        var colors = trace.GetProperty("marker").GetProperty("color").EnumerateArray().Select(c => c.GetString() ?? "").ToArray();
        Assert.Equal(["rgb(255,0,0)", "rgb(0,0,255)"], colors);
    }

    [Fact]
    public void Sh_dc_band_gives_the_cloud_colour()
    {
        var g = new RasterInputs
        {
            Count = 1, Means = [0, 0, 0], Scales = [1, 1, 1], Rotations = [1, 0, 0, 0], Opacities = [0.5f],
            ShDegree = 0, Sh = [(0.9f - 0.5f) / GaussianCloud.ShC0, 0f, (0.1f - 0.5f) / GaussianCloud.ShC0],
        };
        var rgb = GaussianCloud.BaseColors(g);
        Assert.Equal([0.9f, 0.5f, 0.1f], rgb.Select(v => MathF.Round(v, 4)));
    }

    [Fact]
    public void Mismatched_line_series_are_refused_with_the_series_name()
    {
        var e = Assert.Throws<ArgumentException>(() => Show.Lines([new LineSeries("train", [0, 1], [1])]));
        Assert.Contains("train", e.Message);
        Assert.Throws<ArgumentException>(() => Show.Line([1.0, 0.0], logY: true));
    }

    private static int Count(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }
}
