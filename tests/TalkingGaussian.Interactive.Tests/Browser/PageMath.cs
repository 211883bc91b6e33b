using System.Text.RegularExpressions;

namespace TalkingGaussian.Interactive.Tests.Browser;

/// <summary>
/// How a page's TeX came out once a browser ran its scripts, read from the DOM Chromium dumps: how many TeX elements
/// the Markdown renderer marked, how many KaTeX typeset, how many it rejected, which TeX commands still show as text,
/// and which fonts the page loaded (when the page was given <see cref="FontProbe"/>).
/// </summary>
internal static partial class PageMath
{
    /// <summary>A script for a test copy of a page: once fonts settle it lists the loaded and failed ones on the body.</summary>
    public const string FontProbe =
        "<script>document.fonts.ready.then(() => { const f = [...document.fonts]; " +
        "document.body.dataset.loadedFonts = f.filter(x => x.status === 'loaded').map(x => x.family).join(','); " +
        "document.body.dataset.failedFonts = f.filter(x => x.status === 'error').map(x => x.family).join(','); });</script>";

    public sealed record Report(int Marked, int Typeset, int Errors, IReadOnlyList<string> RawTex, string LoadedFonts, string FailedFonts)
    {
        /// <summary>True when there is TeX and every piece of it was typeset without error, leaving no TeX as text.</summary>
        public bool AllTypeset => Marked > 0 && Typeset == Marked && Errors == 0 && RawTex.Count == 0;

        public override string ToString() =>
            $"{Marked} TeX elements, {Typeset} typeset, {Errors} KaTeX errors, TeX left as text: [{string.Join(" ", RawTex.Take(10))}], " +
            $"loaded fonts: [{LoadedFonts}], failed fonts: [{FailedFonts}]";
    }

    public static Report Read(string dom)
    {
        int marked = Marked().Count(dom);
        int typeset = TypesetMarked().Count(dom);
        int errors = KatexError().Count(dom);
        // Visible prose only: scripts, styles, code and KaTeX's MathML copy of the source (<annotation>) set aside.
        string prose = NotProse().Replace(dom, " ");
        var raw = TexCommand().Matches(prose).Select(m => m.Value).Distinct().ToList();
        string loaded = BodyData().Match(dom) is { Success: true } l ? FontsOf(l.Value, "data-loaded-fonts") : "";
        string failed = BodyData().Match(dom) is { Success: true } f ? FontsOf(f.Value, "data-failed-fonts") : "";
        return new Report(marked, typeset, errors, raw, loaded, failed);
    }

    private static string FontsOf(string bodyTag, string attribute)
    {
        var m = Regex.Match(bodyTag, attribute + "=\"([^\"]*)\"");
        return m.Success ? m.Groups[1].Value : "";
    }

    [GeneratedRegex("""<(span|div) class="math">""")] private static partial Regex Marked();
    [GeneratedRegex("""<(span|div) class="math"><span class="katex""")] private static partial Regex TypesetMarked();
    [GeneratedRegex("""class="katex-error""")] private static partial Regex KatexError();
    [GeneratedRegex("""<script\b.*?</script>|<style\b.*?</style>|<pre\b.*?</pre>|<code\b.*?</code>|<annotation\b.*?</annotation>""",
        RegexOptions.Singleline)]
    private static partial Regex NotProse();
    [GeneratedRegex("""\\[A-Za-z]{2,}""")] private static partial Regex TexCommand();
    [GeneratedRegex("<body[^>]*>")] private static partial Regex BodyData();
}
