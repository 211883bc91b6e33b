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

    internal ChartView(string figureJson, int width, int height)
        : base(PlotlyScript.TakeForNotebookOutput() + Fragment(figureJson, width, height))
    {
        FigureJson = figureJson;
    }

    /// <summary>The Plotly figure (data, layout, config) as JSON.</summary>
    public string FigureJson { get; }

    private static string Fragment(string figureJson, int width, int height)
    {
        string id = "tg-chart-" + Guid.NewGuid().ToString("N")[..12];
        return $"<div id=\"{id}\" {ChartAttribute} style=\"width:{width}px;max-width:100%;height:{height}px\"></div>\n" +
               "<script>(function(){var id='" + id + "',fig=" + figureJson.Replace("</", "<\\/") + ",tries=0;\n" +
               "function draw(){var el=document.getElementById(id);if(!el)return;" +
               "var layout=fig.layout||{};delete layout.width;delete layout.height;layout.autosize=true;" +
               "if(self.Plotly){self.Plotly.newPlot(el,fig.data,layout,Object.assign({responsive:true},fig.config||{}));}" +
               "else if(tries++<300){setTimeout(draw,50);}" +
               "else{el.textContent='plotly.js is not on this page: run PlotlyScript.ResetNotebookOutput() and re-run this cell.';}}\n" +
               "draw();})();</script>";
    }
}
