using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TalkingGaussian.Training.Sampling;

namespace TalkingGaussian.Interactive.Charts;

/// <summary>
/// Eq. 5 to play with: a Plotly chart with sliders for B_lower, B_upper, T, K and the iteration k. Left, every frame's
/// metric m_j, with the frames the window [B_lower + kT, B_upper + kT] admits at k drawn in red (when none fits, the
/// nearest frame, which <see cref="IncrementalSampler"/> then takes); right, the window's bounds over the iterations, with k
/// marked and the iterations it is in force shaded. The title says whether the window applies at k (From ≤ k &lt; Until and k mod K = 0) or the draw is uniform.
/// The sliders are plotly.js's own and the selection is recomputed by a few lines of script in the page, so it works in
/// a saved page and offline. The chart's div carries the result in <c>data-admitted</c> (img ids), <c>data-window</c>
/// (lower,upper), <c>data-applies</c> and <c>data-fallback</c>, and <c>el.tgSetWindow({lower, upper, step, interval, k})</c>
/// sets values from script (the tests use both).
/// </summary>
public static class SamplingWindowExplorer
{
    private const int SliderSteps = 41, BandPoints = 201;

    /// <summary>
    /// The explorer for <paramref name="window"/> over frames <paramref name="imgIds"/> with metric values
    /// <paramref name="metric"/>, in a stage of <paramref name="iterations"/> iterations, starting at iteration
    /// <paramref name="iteration"/>.
    /// </summary>
    public static ChartView Create(IReadOnlyList<int> imgIds, IReadOnlyList<double> metric, SamplingWindow window, int iterations,
        int iteration = 0, string? metricName = null, int width = 980, int height = 860)
    {
        if (imgIds.Count == 0 || imgIds.Count != metric.Count)
            throw new ArgumentException($"Give one metric value per frame: {imgIds.Count} frames and {metric.Count} values.", nameof(metric));
        if (window.LowerStep != window.UpperStep)
            throw new ArgumentException($"Window '{window.Name}' moves its bounds by different steps ({window.LowerStep} and {window.UpperStep}); " +
                "the explorer draws Eq. 5, where one step T moves both.", nameof(window));
        if (!double.IsFinite(window.Lower) || !double.IsFinite(window.Upper))
            throw new ArgumentException($"Window '{window.Name}' has an open bound; the explorer needs finite B_lower and B_upper.", nameof(window));
        if (iterations < 1 || iteration < 0 || iteration > iterations)
            throw new ArgumentOutOfRangeException(nameof(iteration), $"Iteration {iteration} must lie in a stage of {iterations} ≥ 1 iterations.");
        string name = metricName ?? window.Name;
        double min = metric.Min(), max = metric.Max(), span = Math.Max(max - min, 1e-6);
        double stepSpan = 2 * span / iterations;

        var state = new JsonObject
        {
            ["lower"] = window.Lower, ["upper"] = window.Upper, ["step"] = window.LowerStep, ["interval"] = window.Interval, ["k"] = iteration,
        };
        var fixedPart = new JsonObject { ["from"] = window.From, ["until"] = window.Until, ["iterations"] = iterations, ["points"] = BandPoints };
        var sliders = new JsonArray
        {
            Slider("lower", "B_lower = ", Grid(min - 0.25 * span, max + 0.25 * span, window.Lower), window.Lower, 0),
            Slider("upper", "B_upper = ", Grid(min - 0.25 * span, max + 0.25 * span, window.Upper), window.Upper, 1),
            Slider("step", "T = ", Grid(-stepSpan, stepSpan, window.LowerStep, 0), window.LowerStep, 2),
            Slider("interval", "K = ", Enumerable.Range(1, 30).Select(k => (double)k).Append(window.Interval).Distinct().Order().ToList(), window.Interval, 3),
            Slider("k", "iteration k = ", Enumerable.Range(0, 51).Select(i => Math.Round(i * iterations / 50.0)).Append(iteration).Append(window.From).Distinct().Order().ToList(), iteration, 4),
        };
        var ids = new JsonArray(imgIds.Select(i => (JsonNode?)i).ToArray());
        var values = new JsonArray(metric.Select(v => (JsonNode?)v).ToArray());
        var figure = new JsonObject
        {
            ["data"] = new JsonArray
            {
                Trace("every frame", "x", "y", "markers", "#b0b0b0", ids, values),
                Trace("admitted at k", "x", "y", "markers", "#d62728", new JsonArray(), new JsonArray()),
                Trace("B_lower + kT", "x2", "y2", "lines", "#1f77b4", new JsonArray(), new JsonArray()),
                Trace("B_upper + kT", "x2", "y2", "lines", "#1f77b4", new JsonArray(), new JsonArray()),
            },
            ["layout"] = new JsonObject
            {
                ["title"] = new JsonObject { ["text"] = window.Name, ["font"] = new JsonObject { ["size"] = 13 } },
                ["showlegend"] = false,
                ["margin"] = new JsonObject { ["t"] = 80, ["b"] = 420, ["l"] = 60, ["r"] = 20 },
                ["xaxis"] = Axis("frame (img_id)", [0, 0.46], "y"),
                ["yaxis"] = Axis(name, null, "x"),
                ["xaxis2"] = Axis("iteration k", [0.56, 1], "y2"),
                ["yaxis2"] = Axis(name, null, "x2"),
                ["shapes"] = new JsonArray
                {
                    new JsonObject { ["type"] = "rect", ["xref"] = "x domain", ["x0"] = 0, ["x1"] = 1, ["yref"] = "y", ["y0"] = window.Lower, ["y1"] = window.Upper,
                        ["fillcolor"] = "rgba(31,119,180,0.15)", ["line"] = new JsonObject { ["width"] = 0 } },
                    new JsonObject { ["type"] = "line", ["xref"] = "x2", ["x0"] = iteration, ["x1"] = iteration, ["yref"] = "y2 domain", ["y0"] = 0, ["y1"] = 1,
                        ["line"] = new JsonObject { ["color"] = "#d62728", ["width"] = 2 } },
                    new JsonObject { ["type"] = "rect", ["xref"] = "x2", ["x0"] = window.From, ["x1"] = window.Until, ["yref"] = "y2 domain", ["y0"] = 0, ["y1"] = 1,
                        ["fillcolor"] = "rgba(0,0,0,0.06)", ["line"] = new JsonObject { ["width"] = 0 }, ["layer"] = "below" },
                },
                ["annotations"] = new JsonArray
                {
                    new JsonObject { ["text"] = "shaded: From ≤ k < Until", ["xref"] = "x2", ["x"] = (window.From + window.Until) / 2.0, ["yref"] = "y2 domain", ["y"] = 1.04,
                        ["showarrow"] = false, ["font"] = new JsonObject { ["size"] = 11, ["color"] = "#666" } },
                },
                ["sliders"] = sliders,
            },
            ["config"] = new JsonObject { ["displaylogo"] = false },
        };
        string script = "var S=" + state.ToJsonString() + ",F=" + fixedPart.ToJsonString() + ";\n" + Script;
        return new ChartView(figure.ToJsonString(), width, height, script);
    }

    /// <summary>41 evenly spaced values over [lo, hi], plus the values that must be reachable exactly.</summary>
    private static List<double> Grid(double lo, double hi, params double[] exact) =>
        Enumerable.Range(0, SliderSteps).Select(i => lo + (hi - lo) * i / (SliderSteps - 1)).Concat(exact).Distinct().Order().ToList();

    private static JsonObject Slider(string name, string prefix, List<double> values, double active, int row) => new()
    {
        ["name"] = name,
        ["active"] = values.IndexOf(active),
        ["currentvalue"] = new JsonObject { ["prefix"] = prefix, ["font"] = new JsonObject { ["size"] = 12 } },
        ["x"] = 0, ["len"] = 1, ["y"] = -0.2 - 0.22 * row, ["yanchor"] = "top",
        ["pad"] = new JsonObject { ["t"] = 24, ["b"] = 0 },
        ["steps"] = new JsonArray(values.Select(v => (JsonNode?)new JsonObject
        {
            ["label"] = v == Math.Round(v) && Math.Abs(v) < 1e6 ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("G3", CultureInfo.InvariantCulture),
            ["value"] = v.ToString("R", CultureInfo.InvariantCulture),
            ["method"] = "skip",
            ["args"] = new JsonArray(),
        }).ToArray()),
    };

    private static JsonObject Trace(string name, string xaxis, string yaxis, string mode, string color, JsonArray x, JsonArray y) => new()
    {
        ["type"] = "scatter", ["name"] = name, ["mode"] = mode, ["x"] = x, ["y"] = y, ["xaxis"] = xaxis, ["yaxis"] = yaxis,
        [mode == "lines" ? "line" : "marker"] = mode == "lines" ? new JsonObject { ["color"] = color } : new JsonObject { ["color"] = color, ["size"] = 7 },
        ["hovertemplate"] = mode == "lines" ? "k = %{x}: %{y:.3g}<extra></extra>" : "frame %{x}: %{y:.3g}<extra></extra>",
    };

    private static JsonObject Axis(string title, double[]? domain, string anchor)
    {
        var axis = new JsonObject { ["title"] = new JsonObject { ["text"] = title }, ["anchor"] = anchor };
        if (domain is not null) axis["domain"] = new JsonArray(domain[0], domain[1]);
        return axis;
    }

    // Recomputes the selection in the page: the same rule as SamplingWindow.Distance (m ∈ [lo, hi], bounds inclusive) and
    // IncrementalSampler's fallback (the nearest frame, the first on ties).
    private const string Script = """
        var ids=el.data[0].x,m=el.data[0].y,keys=['lower','upper','step','interval','k'];
        function fmt(v){return Number(v).toPrecision(3);}
        function update(){
          var lo=S.lower+S.k*S.step,hi=S.upper+S.k*S.step,applies=S.k>=F.from&&S.k<F.until&&S.k%S.interval===0;
          var ax=[],ay=[],picked=[],fallback='';
          for(var i=0;i<ids.length;i++)if(m[i]>=lo&&m[i]<=hi){ax.push(ids[i]);ay.push(m[i]);picked.push(ids[i]);}
          if(picked.length===0){var best=Infinity,j=0;for(var i=0;i<ids.length;i++){var d=m[i]<lo?lo-m[i]:m[i]-hi;if(d<best){best=d;j=i;}}
            fallback=ids[j];ax=[ids[j]];ay=[m[j]];}
          var ks=[],lows=[],highs=[];
          for(var p=0;p<F.points;p++){var k=F.iterations*p/(F.points-1);ks.push(k);lows.push(S.lower+k*S.step);highs.push(S.upper+k*S.step);}
          var title='k = '+S.k+': window ['+fmt(lo)+', '+fmt(hi)+'] '+(applies?'applies (From ≤ k < Until, k mod K = 0)':'does not apply: this draw is uniform')+
            '<br>'+(picked.length?picked.length+' of '+ids.length+' frames fit (red)':'no frame fits: the sampler takes the nearest, frame '+fallback+' (red)');
          Plotly.update(el,{x:[ax,ks,ks],y:[ay,lows,highs],'marker.color':[applies?'#d62728':'#ff9896',null,null]},
            {'shapes[0].y0':lo,'shapes[0].y1':hi,'shapes[1].x0':S.k,'shapes[1].x1':S.k,'title.text':title},[1,2,3]);
          el.setAttribute('data-admitted',picked.join(','));el.setAttribute('data-window',lo+','+hi);
          el.setAttribute('data-applies',applies);el.setAttribute('data-fallback',fallback);
        }
        el.on('plotly_sliderchange',function(e){var key=e.slider.name||keys[e.slider._index];S[key]=Number(e.step.value);update();});
        el.tgSetWindow=function(v){for(var key in v)S[key]=Number(v[key]);update();};
        update();
        """;
}
