using System.Text.Json;
using TalkingGaussian.Interactive.Charts;
using TalkingGaussian.Training.Sampling;

namespace TalkingGaussian.Interactive.Tests.Display;

/// <summary>Series drawn as points with hover texts (events on a curve), and a sampler window's schedule built from them.</summary>
[Collection(PlotlyCollection.Name)]
public class EventChartTests
{
    [Fact]
    public void Marker_series_become_points_with_their_texts_and_line_series_stay_lines()
    {
        var chart = Chart.Lines([
            new LineSeries("Gaussians", [0, 1, 2], [10, 20, 30]),
            new LineSeries("densify", [1], [20]) { Markers = true, Text = ["+5 cloned"] }]);
        using var figure = JsonDocument.Parse(chart.FigureJson);
        var data = figure.RootElement.GetProperty("data");
        Assert.NotEqual("markers", data[0].TryGetProperty("mode", out var m0) ? m0.GetString() : null);
        Assert.Equal("markers", data[1].GetProperty("mode").GetString());
        Assert.Equal("+5 cloned", data[1].GetProperty("text")[0].GetString());
        Assert.Throws<ArgumentException>(() => Chart.Lines([new LineSeries("x", [1, 2], [1, 2]) { Text = ["one"] }]));
    }

    [Fact]
    public void A_window_schedule_draws_its_bounds_and_the_frames_it_admits()
    {
        var window = new SamplingWindow("lips", FrameMetric.MouthOpening, 1, 2, 0.01, 0.01, 5, 0, 100);
        double[] metric = [0.5, 1.5, 2.5, 3.2];
        var chart = SamplingWindowSchedule.Create(window, metric, samples: 3); // k = 0, 50, 99
        using var figure = JsonDocument.Parse(chart.FigureJson);
        var data = figure.RootElement.GetProperty("data");
        double[] Values(int trace, string axis) => data[trace].GetProperty(axis).EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal([0.0, 50, 99], Values(0, "x"));
        Assert.Equal([1.0, 1.5, 1.99], Values(0, "y"), new ToleranceComparer(1e-12));
        Assert.Equal([2.0, 2.5, 2.99], Values(1, "y"), new ToleranceComparer(1e-12));
        // At k = 0 the window [1, 2] admits 1.5; at 50 [1.5, 2.5] admits 1.5 and 2.5; at 99 [1.99, 2.99] admits 2.5.
        Assert.Equal([0.0, 50, 50, 99], Values(2, "x"));
        Assert.Equal([1.5, 1.5, 2.5, 2.5], Values(2, "y"));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double v) => 0;
    }
}
