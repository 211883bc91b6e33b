using System.Runtime.Loader;
using TalkingGaussian.Interactive;

namespace TalkingGaussian.Interactive.Tests.Display;

/// <summary>
/// Plotly.NET and its FSharp.Core 10.1 live in their own load context, so a host whose default context holds another
/// FSharp.Core (the stock kernel holds 10.0; this test host holds the runner's) is never asked to load them.
/// </summary>
[Collection(PlotlyCollection.Name)]
public class PlotlyIsolationTests
{
    [Fact]
    public void Plotly_and_its_fsharp_core_load_only_in_the_chart_context()
    {
        _ = Show.Line([1.0, 2.0]);
        var chartContext = Assert.Single(AssemblyLoadContext.All, c => c.Name == "TalkingGaussian.Interactive.Plotly");
        var loaded = chartContext.Assemblies.ToDictionary(a => a.GetName().Name!, a => a.GetName().Version!);
        Assert.Contains("Plotly.NET", loaded.Keys);
        Assert.True(loaded["FSharp.Core"] >= new Version(10, 1), $"chart context FSharp.Core {loaded["FSharp.Core"]}");
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name is "Plotly.NET" or "Plotly.NET.CSharp");
    }

    [Fact]
    public void Large_clouds_are_thinned_to_the_point_budget()
    {
        int n = 1000;
        var means = new float[3 * n];
        var colors = new float[3 * n];
        var chart = TalkingGaussian.Interactive.Clouds.GaussianCloud.Show(means, colors, n, "cloud", maxPoints: 300);
        using var figure = System.Text.Json.JsonDocument.Parse(chart.FigureJson);
        Assert.Equal(250, figure.RootElement.GetProperty("data")[0].GetProperty("x").GetArrayLength()); // stride 4
        Assert.Contains("every 4th of 1000", chart.FigureJson);
    }
}
