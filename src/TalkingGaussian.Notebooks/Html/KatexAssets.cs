using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace TalkingGaussian.Notebooks.Html;

/// <summary>
/// KaTeX (MIT licence, vendored byte for byte from npm in <c>Html/KaTeX/</c>, see its <c>update.sh</c> and
/// <c>SHA256SUMS</c>) for the TeX of a page: its stylesheet with every font inlined as a <c>data:</c> URI, its script,
/// and a few lines that typeset each <c>span.math</c>/<c>div.math</c> the Markdown renderer marked. No file or network
/// access at view time, so a saved page renders its equations offline. The renderer already knows where the TeX is, so
/// KaTeX's auto-render (which scans the page for <c>$</c> and would also find C# interpolated strings in code cells) is
/// not used.
/// </summary>
internal static partial class KatexAssets
{
    /// <summary>The vendored KaTeX release.</summary>
    public const string Version = "0.19.1";

    private const string ResourcePrefix = "KaTeX/";

    private static readonly Lazy<string> HeadHtml = new(BuildHead);

    /// <summary>The <c>&lt;style&gt;</c> and <c>&lt;script&gt;</c> that go once into a page's head.</summary>
    public static string Head => HeadHtml.Value;

    /// <summary>Typesets every marked TeX element; goes at the end of the body. Bad TeX shows in red, the page still loads.</summary>
    public const string RenderScript =
        "<script>for (const e of document.querySelectorAll('span.math, div.math')) " +
        "katex.render(e.textContent, e, { displayMode: e.tagName === 'DIV', throwOnError: false });</script>";

    /// <summary>Names of the embedded files, as in SHA256SUMS (<c>katex.min.js</c>, <c>fonts/KaTeX_Main-Regular.woff2</c>, …).</summary>
    public static IEnumerable<string> FileNames =>
        typeof(KatexAssets).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..])
            .Order(StringComparer.Ordinal);

    /// <summary>The bytes of one embedded file.</summary>
    public static byte[] File(string name)
    {
        using var stream = typeof(KatexAssets).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException(
                $"tg-notebook was built without the KaTeX file {name}; rebuild it (the files are in src/TalkingGaussian.Notebooks/Html/KaTeX).");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string BuildHead()
    {
        string css = Encoding.UTF8.GetString(File("katex.min.css"));
        // Each @font-face lists woff2, woff and ttf files next to the stylesheet; keep the woff2 one, inlined.
        css = FontSource().Replace(css, m =>
            $"src:url(data:font/woff2;base64,{Convert.ToBase64String(File("fonts/" + m.Groups[1].Value + ".woff2"))}) format(\"woff2\")");
        if (css.Contains("url(fonts/", StringComparison.Ordinal))
            throw new InvalidOperationException($"KaTeX {Version}'s stylesheet references a font file in a form this page writer does not inline.");
        string script = Encoding.UTF8.GetString(File("katex.min.js"));
        return $"<style data-tg-katex=\"{Version}\">{css}</style>\n<script data-tg-katex=\"{Version}\">{script}</script>\n";
    }

    [GeneratedRegex("""src:url\(fonts/([A-Za-z0-9_-]+)\.woff2\) format\("woff2"\)(,url\(fonts/[^)]+\) format\("[a-z]+"\))*""")]
    private static partial Regex FontSource();
}
