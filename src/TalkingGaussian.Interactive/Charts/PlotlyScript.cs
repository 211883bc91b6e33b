using System.Text.RegularExpressions;

namespace TalkingGaussian.Interactive.Charts;

/// <summary>
/// plotly.js, inlined from the copy Plotly.NET embeds: never loaded from a CDN, so charts draw offline.
/// A notebook session carries it once, in the output of its first chart (a notebook frontend renders all outputs of a
/// notebook in one page, so later charts find <c>window.Plotly</c>); a standalone page carries it once in its head.
/// The script tag is marked <c>data-tg-plotly</c> so page writers (this package's <see cref="HtmlPage"/>, the runner's
/// HTML export) can find copies and keep exactly one.
/// </summary>
public static partial class PlotlyScript
{
    /// <summary>The attribute that marks the script tag carrying plotly.js.</summary>
    public const string MarkerAttribute = "data-tg-plotly";

    private static readonly Lazy<string> ScriptTag = new(BuildScriptTag);
    private static int _emitted;

    /// <summary>The script tag holding plotly.js (about 3.6 MB). Safe to run twice: a page that has Plotly keeps it.</summary>
    public static string Tag => ScriptTag.Value;

    /// <summary>
    /// The script tag the first time it is asked for in this process, then an empty string: what a chart output carries.
    /// </summary>
    public static string TakeForNotebookOutput() => Interlocked.Exchange(ref _emitted, 1) == 0 ? Tag : "";

    /// <summary>Makes the next chart output carry plotly.js again (e.g. after its first output was cleared).</summary>
    public static void ResetNotebookOutput() => Interlocked.Exchange(ref _emitted, 0);

    /// <summary>Removes every marked plotly.js script tag from <paramref name="html"/>.</summary>
    public static string Strip(string html) => MarkedScript().Replace(html, "");

    /// <summary>True when <paramref name="html"/> holds a marked plotly.js script tag.</summary>
    public static bool IsIn(string html) => html.Contains(MarkerAttribute + "=", StringComparison.Ordinal);

    private static string BuildScriptTag()
    {
        var backend = PlotlyBackend.Instance;
        // Local `define`/`module`/`exports` hide a page's AMD loader (Jupyter classic has require.js), so the UMD bundle
        // always sets self.Plotly instead of registering an anonymous module.
        return $"<script {MarkerAttribute}=\"{backend.PlotlyJsVersion()}\">(function(){{if(self.Plotly)return;" +
               "var define=undefined,module=undefined,exports=undefined;\n" +
               backend.PlotlyJs() + "\n}).call(self);</script>";
    }

    [GeneratedRegex("<script data-tg-plotly=\"[^\"]*\">.*?</script>", RegexOptions.Singleline)]
    private static partial Regex MarkedScript();
}
