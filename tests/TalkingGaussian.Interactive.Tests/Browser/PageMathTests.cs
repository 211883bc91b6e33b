using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using TalkingGaussian.Notebooks.Html;

namespace TalkingGaussian.Interactive.Tests.Browser;

/// <summary>
/// A page's equations, opened offline in headless Chromium: KaTeX typesets every piece of TeX with its own fonts, and
/// the check that says so fails on a page whose KaTeX or fonts are missing.
/// </summary>
public partial class PageMathTests
{
    private static readonly InteractiveDocument Document = new()
    {
        new InteractiveDocumentElement(
            "# Eq. 3\n\nThe canonical parameters $\\theta_C = \\{\\mu, s, q, \\alpha, f\\}$ are deformed:\n\n" +
            "$$\\delta_i = \\mathrm{MLP}(\\mathcal{H}(\\mu_i) \\oplus \\mathbf{C}) \\qquad (3)$$\n\n" +
            "| term | value |\n|---|---|\n| $\\lVert V_{\\mathbf{a},i} \\rVert$ | attention |", "markdown"),
        new InteractiveDocumentElement("var label = $\"{1} \\\\theta\";", "csharp"),
    };

    [Fact]
    public void Equations_are_typeset_with_the_page_own_fonts()
    {
        string page = NotebookHtmlWriter.Write(Document, "math");
        Assert.DoesNotMatch(ExternalUrl(), page); // nothing is fetched: every url(...) is a data: URI
        var report = Open(page);
        Assert.True(report.AllTypeset, report.ToString());
        Assert.Equal(3, report.Marked);
        Assert.Contains("KaTeX_Math", report.LoadedFonts.Split(','));
        Assert.Contains("KaTeX_Main", report.LoadedFonts.Split(','));
        Assert.True(report.FailedFonts.Length == 0, report.ToString());
    }

    [Fact]
    public void The_check_fails_on_a_page_without_KaTeX()
    {
        string page = KatexScript().Replace(NotebookHtmlWriter.Write(Document, "math"), "");
        var report = Open(page);
        Assert.False(report.AllTypeset, report.ToString());
        Assert.Equal(0, report.Typeset);
        Assert.Contains("\\theta", report.RawTex);
    }

    [Fact]
    public void The_check_fails_on_a_page_whose_fonts_do_not_load()
    {
        string page = InlinedFont().Replace(NotebookHtmlWriter.Write(Document, "math"), "url(fonts/missing.woff2)");
        var report = Open(page);
        Assert.Contains("KaTeX_Math", report.FailedFonts.Split(','));
        Assert.DoesNotContain("KaTeX_Math", report.LoadedFonts.Split(','));
    }

    private static PageMath.Report Open(string page)
    {
        string dir = Directory.CreateTempSubdirectory("tg-math-").FullName;
        try
        {
            string path = Path.Combine(dir, "math.html");
            File.WriteAllText(path, page.Replace("</body>", PageMath.FontProbe + "</body>", StringComparison.Ordinal));
            return PageMath.Read(HeadlessChromium.DumpDom(path));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [GeneratedRegex(@"url\((?!data:)")] private static partial Regex ExternalUrl();
    [GeneratedRegex("<script data-tg-katex=\"[^\"]*\">.*?</script>", RegexOptions.Singleline)] private static partial Regex KatexScript();
    [GeneratedRegex(@"url\(data:font/woff2;base64,[^)]*\)")] private static partial Regex InlinedFont();
}
