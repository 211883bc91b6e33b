namespace TalkingGaussian.Interactive.Charts;

/// <summary>
/// An interactive Plotly chart: a figure (JSON built by Plotly.NET) drawn into a div by plotly.js.
/// The script waits for <c>window.Plotly</c> (plotly.js may arrive in an earlier output of the page) and says so
/// in the chart's place when it never does.
/// </summary>
public sealed class ChartView : HtmlView
{
    /// <summary>Marks chart divs, so page writers know a page needs plotly.js.</summary>
    public const string ChartAttribute = "data-tg-chart";

    /// <param name="figureJson">The figure.</param>
    /// <param name="width">Width in CSS pixels.</param>
    /// <param name="height">Height in CSS pixels.</param>
    /// <param name="afterDraw">JavaScript run once the chart is drawn, with the chart's div as <c>el</c> (e.g. event handlers); null for none.</param>
    internal ChartView(string figureJson, int width, int height, string? afterDraw = null)
        : base(PlotlyScript.TakeForNotebookOutput() + Fragment(figureJson, width, height, afterDraw))
    {
        FigureJson = figureJson;
    }

    /// <summary>The Plotly figure (data, layout, config) as JSON.</summary>
    public string FigureJson { get; }

    private static string Fragment(string figureJson, int width, int height, string? afterDraw)
    {
        string then = afterDraw is null ? "" : ".then(function(){(function(el){" + afterDraw.Replace("</", "<\\/") + "\n})(el);})";
        string id = "tg-chart-" + Guid.NewGuid().ToString("N")[..12];
        // Until plotly.js is on the page (it may arrive with an earlier output that the frontend renders later),
        // the div says what it waits for; it keeps polling for ten minutes.
        return $"<div id=\"{id}\" {ChartAttribute} style=\"width:{width}px;max-width:100%;height:{height}px;font:12px sans-serif;color:#888\">" +
               "waiting for plotly.js, which the first chart output of this notebook carries\u2026</div>\n" +
               "<script>(function(){var id='" + id + "',fig=" + figureJson.Replace("</", "<\\/") + ",tries=0;\n" +
               "function draw(){var el=document.getElementById(id);if(!el)return;" +
               "var layout=fig.layout||{};delete layout.width;delete layout.height;layout.autosize=true;" +
               "if(self.Plotly){el.textContent='';self.Plotly.newPlot(el,fig.data,layout,Object.assign({responsive:true},fig.config||{}))" + then + ";}" +
               "else if(tries++<6000){setTimeout(draw,100);}" +
               "else{el.textContent='plotly.js never arrived: run PlotlyScript.ResetNotebookOutput() and re-run this cell.';}}\n" +
               "draw();})();</script>";
    }
}
