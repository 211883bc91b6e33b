using System.Text.Json.Nodes;
using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using CSharpChart = global::Plotly.NET.CSharp.Chart;
using ChartExtensions = global::Plotly.NET.CSharp.GenericChartExtensions;
using FSharpChart = global::Plotly.NET.Chart;

namespace TalkingGaussian.Interactive.Plotly;

/// <summary>
/// Builds Plotly figures with Plotly.NET and returns them as figure JSON (<c>{"data": [...], "layout": {...},
/// "config": {...}}</c>). Called through delegates from TalkingGaussian.Interactive across an AssemblyLoadContext
/// boundary, so every signature uses only strings, booleans and arrays of primitives: no F# type crosses.
/// </summary>
public static class PlotlyFigures
{
    /// <summary>Resource name of the plotly.js bundle that Plotly.NET embeds (used for offline pages).</summary>
    private const string PlotlyJsResource = "Plotly.NET.plotly-2.28.0.min.js";

    /// <summary>Line chart: one trace per name; <paramref name="xs"/>[i] and <paramref name="ys"/>[i] belong to <paramref name="names"/>[i].</summary>
    public static string Lines(string title, string xTitle, string yTitle, bool logY, string[] names, double[][] xs, double[][] ys)
    {
        var traces = new List<GenericChart>();
        for (int i = 0; i < names.Length; i++)
            traces.Add(CSharpChart.Line<double, double, string>(x: xs[i], y: ys[i], Name: names[i], ShowLegend: names.Length > 1));
        var chart = CSharpChart.Combine(traces);
        chart = ChartExtensions.WithXAxisStyle<double, double, string>(chart, TitleText: xTitle);
        chart = logY
            ? ChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: yTitle, AxisType: StyleParam.AxisType.Log)
            : ChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: yTitle);
        string json = ToJson(WithTitle(chart, title));
        return logY ? WithReadableLogTicks(json, ys) : json;
    }

    /// <summary>
    /// On a log axis spanning more than a decade plotly.js labels the ticks between powers of ten with their first digit
    /// only ("3" for 0.3), which reads as the wrong number. Ticks at 1, 2 and 5 of each decade, written out in full, read
    /// right; beyond three decades one tick per decade keeps the labels apart.
    /// </summary>
    private static string WithReadableLogTicks(string json, double[][] ys)
    {
        double min = double.PositiveInfinity, max = 0;
        foreach (var y in ys)
            foreach (double v in y)
                if (v > 0) { min = Math.Min(min, v); max = Math.Max(max, v); }
        var figure = JsonNode.Parse(json)!;
        var layout = figure["layout"]!.AsObject();
        var axis = layout["yaxis"] as JsonObject ?? new JsonObject();
        layout["yaxis"] = axis;
        axis["dtick"] = max > 0 && Math.Log10(max / min) > 3 ? JsonValue.Create(1) : JsonValue.Create("D2");
        axis["tickformat"] = ".1~g";
        return figure.ToJsonString();
    }

    /// <summary>Heat map of <paramref name="rows"/> (row 0 drawn at the top, as an image) with a named Plotly colour scale.</summary>
    public static string Heatmap(string title, double[][] rows, string colorScale)
    {
        var chart = CSharpChart.Heatmap<double, double, double, string>(
            zData: rows,
            ColorScale: StyleParam.Colorscale.NewCustom(ColorStops(colorScale)),
            ReverseYAxis: true);
        return ToJson(WithTitle(chart, title));
    }

    /// <summary>
    /// 3D scatter of points coloured one by one: <paramref name="colors"/>[i] is a CSS colour such as <c>rgb(255,0,0)</c>.
    /// The scene keeps the data's aspect ratio so a Gaussian cloud is not stretched, and looks down −z with +y up
    /// (the project's world convention: a head faces +z), instead of plotly's default z-up view.
    /// </summary>
    public static string Scatter3D(string title, double[] x, double[] y, double[] z, string[] colors, double markerSize)
    {
        // Per-point colours and the size go on a Marker object set through its dynamic properties (plotly.js names).
        var marker = new global::Plotly.NET.TraceObjects.Marker();
        marker.SetProperty("color", colors);
        marker.SetProperty("size", markerSize);
        var chart = CSharpChart.Scatter3D<double, double, double, string>(
            x: x, y: y, z: z, mode: StyleParam.Mode.Markers, Marker: marker);
        var scene = Scene.init(
            FSharpOption<IEnumerable<Annotation>>.None, FSharpOption<StyleParam.AspectMode>.Some(StyleParam.AspectMode.Data),
            FSharpOption<AspectRatio>.None, FSharpOption<Color>.None, FSharpOption<Camera>.None, FSharpOption<Domain>.None,
            FSharpOption<StyleParam.DragMode>.None, FSharpOption<StyleParam.HoverMode>.None, FSharpOption<string>.None,
            FSharpOption<LinearAxis>.None, FSharpOption<LinearAxis>.None, FSharpOption<LinearAxis>.None);
        scene.SetProperty("camera", new Dictionary<string, object>
        {
            ["up"] = new Dictionary<string, double> { ["x"] = 0, ["y"] = 1, ["z"] = 0 },
            ["eye"] = new Dictionary<string, double> { ["x"] = 0.6, ["y"] = 0.5, ["z"] = 1.9 },
        });
        chart = FSharpChart.withScene(scene, FSharpOption<int>.None).Invoke(chart);
        return ToJson(WithTitle(chart, title));
    }

    /// <summary>The minified plotly.js that Plotly.NET ships (version <see cref="PlotlyJsVersion"/>), for inlining.</summary>
    public static string PlotlyJs()
    {
        using var stream = typeof(GenericChart).Assembly.GetManifestResourceStream(PlotlyJsResource)
            ?? throw new InvalidOperationException($"Plotly.NET no longer embeds '{PlotlyJsResource}'; update PlotlyFigures.PlotlyJsResource.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Version of the embedded plotly.js.</summary>
    public static string PlotlyJsVersion() => "2.28.0";

    private static GenericChart WithTitle(GenericChart chart, string title) =>
        string.IsNullOrEmpty(title) ? chart : FSharpChart.withTitle(title, FSharpOption<Font>.None).Invoke(chart);

    private static string ToJson(GenericChart chart) => GenericChart.toJson(chart);

    private static IEnumerable<Tuple<double, Color>> ColorStops(string name) => name switch
    {
        "gray" => [Tuple.Create(0.0, Color.fromString("rgb(0,0,0)")), Tuple.Create(1.0, Color.fromString("rgb(255,255,255)"))],
        _ => Viridis(),
    };

    // A five-stop viridis approximation: enough for error maps and attention heat maps.
    private static IEnumerable<Tuple<double, Color>> Viridis()
    {
        string[] stops = ["rgb(68,1,84)", "rgb(59,82,139)", "rgb(33,145,140)", "rgb(94,201,98)", "rgb(253,231,37)"];
        for (int i = 0; i < stops.Length; i++)
            yield return Tuple.Create(i / (double)(stops.Length - 1), Color.fromString(stops[i]));
    }
}
