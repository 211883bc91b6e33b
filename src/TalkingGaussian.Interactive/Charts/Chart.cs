using System.Text.Json.Nodes;

namespace TalkingGaussian.Interactive.Charts;

/// <summary>
/// Charts for notebooks, built with Plotly.NET in an isolated context (<see cref="PlotlyBackend"/>). Plain arrays in,
/// an interactive <see cref="ChartView"/> out.
/// </summary>
public static class Chart
{
    /// <summary>Default chart size in CSS pixels.</summary>
    public const int DefaultWidth = 720, DefaultHeight = 420;

    /// <summary>A line chart of one curve over its index (a loss curve).</summary>
    public static ChartView Line(IEnumerable<double> y, string title = "", string xTitle = "step", string yTitle = "", bool logY = false) =>
        Lines([LineSeries.Of(string.IsNullOrEmpty(yTitle) ? "value" : yTitle, y)], title, xTitle, yTitle, logY);

    /// <summary>A line chart of several named curves.</summary>
    public static ChartView Lines(IReadOnlyList<LineSeries> series, string title = "", string xTitle = "", string yTitle = "", bool logY = false,
        int width = DefaultWidth, int height = DefaultHeight)
    {
        if (series.Count == 0) throw new ArgumentException("A line chart needs at least one series.", nameof(series));
        foreach (var s in series)
        {
            if (s.X.Length != s.Y.Length)
                throw new ArgumentException($"Series '{s.Name}' has {s.X.Length} x values and {s.Y.Length} y values; give both the same length.", nameof(series));
            if (logY && s.Y.Any(v => v <= 0))
                throw new ArgumentException($"Series '{s.Name}' has values ≤ 0, which a log y axis cannot show; pass logY: false.", nameof(series));
            if (s.Text is not null && s.Text.Length != s.X.Length)
                throw new ArgumentException($"Series '{s.Name}' has {s.Text.Length} hover texts for {s.X.Length} points; give one per point.", nameof(series));
        }
        string json = PlotlyBackend.Instance.Lines(title, xTitle, yTitle, logY,
            series.Select(s => s.Name).ToArray(), series.Select(s => s.X).ToArray(), series.Select(s => s.Y).ToArray());
        return new ChartView(WithMarkersAndText(json, series), width, height);
    }

    /// <summary>Plotly.NET draws every series as a line; series marked <see cref="LineSeries.Markers"/> become points, with their texts.</summary>
    private static string WithMarkersAndText(string json, IReadOnlyList<LineSeries> series)
    {
        if (!series.Any(s => s.Markers || s.Text is not null)) return json;
        var figure = JsonNode.Parse(json)!;
        var data = figure["data"]!.AsArray();
        for (int i = 0; i < series.Count; i++)
        {
            var trace = data[i]!.AsObject();
            if (series[i].Markers)
            {
                trace["mode"] = "markers";
                trace["marker"] = new JsonObject { ["size"] = 7 };
            }
            if (series[i].Text is { } text)
            {
                trace["text"] = new JsonArray(text.Select(t => (JsonNode?)t).ToArray());
                trace["hovertemplate"] = "%{x}: %{y}<br>%{text}<extra>" + System.Net.WebUtility.HtmlEncode(series[i].Name) + "</extra>";
            }
        }
        return figure.ToJsonString();
    }

    /// <summary>
    /// A heat map of a row-major [H, W] plane (row 0 at the top, as in an image): error maps, attention, A(x).
    /// <paramref name="colorScale"/> is "viridis" or "gray".
    /// </summary>
    public static ChartView Heatmap(ReadOnlySpan<float> plane, int width, int height, string title = "", string colorScale = "viridis",
        int chartWidth = 520, int chartHeight = 440)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Heat map size must be positive, got {width}×{height}.");
        if (plane.Length < width * height)
            throw new ArgumentException($"The plane has {plane.Length} values; {height}×{width} needs {width * height}.", nameof(plane));
        if (colorScale is not ("viridis" or "gray"))
            throw new ArgumentException($"Unknown colour scale '{colorScale}'; use \"viridis\" or \"gray\".", nameof(colorScale));
        var rows = new double[height][];
        for (int y = 0; y < height; y++)
        {
            rows[y] = new double[width];
            for (int x = 0; x < width; x++) rows[y][x] = plane[y * width + x];
        }
        return new ChartView(PlotlyBackend.Instance.Heatmap(title, rows, colorScale), chartWidth, chartHeight);
    }

    /// <summary>A 3D scatter of points with one CSS colour each (see <see cref="Clouds.GaussianCloud"/> for Gaussians).</summary>
    public static ChartView Scatter3D(double[] x, double[] y, double[] z, string[] colors, string title = "", double markerSize = 3,
        int width = 640, int height = 520)
    {
        if (y.Length != x.Length || z.Length != x.Length || colors.Length != x.Length)
            throw new ArgumentException($"x, y, z and colours need equal lengths; got {x.Length}, {y.Length}, {z.Length}, {colors.Length}.");
        return new ChartView(PlotlyBackend.Instance.Scatter3D(title, x, y, z, colors, markerSize), width, height);
    }
}
