using System.Text;
using TalkingGaussian.Interactive.Charts;
using TalkingGaussian.Media;

namespace TalkingGaussian.Interactive;

/// <summary>
/// A standalone offline HTML page of views: plotly.js inlined once in the head when any view holds a chart, never a
/// CDN link. Written atomically.
/// </summary>
public static class HtmlPage
{
    /// <summary>The page's HTML.</summary>
    public static string Build(string title, params HtmlView[] views)
    {
        var body = new StringBuilder();
        foreach (var view in views) body.Append("<div class=\"tg-view\">").Append(PlotlyScript.Strip(view.Html)).Append("</div>\n");
        string bodyHtml = body.ToString();
        bool needsPlotly = bodyHtml.Contains(ChartView.ChartAttribute, StringComparison.Ordinal);
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + HtmlText.Encode(title) + "</title>\n" +
               (needsPlotly ? PlotlyScript.Tag + "\n" : "") +
               "</head><body style=\"font-family:sans-serif;margin:16px\">\n" + bodyHtml + "</body></html>\n";
    }

    /// <summary>Writes <see cref="Build"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, string title, params HtmlView[] views) => AtomicFile.WriteAllText(path, Build(title, views));
}
