using TalkingGaussian.Interactive.Formatting;

namespace TalkingGaussian.Interactive;

/// <summary>
/// A piece of HTML that a notebook shows. The kernel formats it as <c>text/html</c> through
/// <see cref="TypeFormatterSourceAttribute"/>, so a cell whose last expression is an <see cref="HtmlView"/> (or a
/// <c>display(view)</c> call) shows it inline, in VS Code, Jupyter, dotnet-repl and the project's headless runner alike.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public class HtmlView
{
    /// <summary>Wraps an HTML fragment.</summary>
    public HtmlView(string html) => Html = html;

    /// <summary>The fragment, as inserted into the output cell.</summary>
    public string Html { get; }

    /// <summary>Saves this view as a standalone offline page (plotly.js inlined when the view holds a chart).</summary>
    public void SavePage(string path, string title = "TalkingGaussian") => HtmlPage.Save(path, title, this);

    /// <inheritdoc />
    public override string ToString() => Html;
}
