using System.Security.Cryptography;
using Microsoft.DotNet.Interactive.Documents;
using TalkingGaussian.Notebooks.Html;

namespace TalkingGaussian.Interactive.Tests.Runner;

/// <summary>The KaTeX files tg-notebook embeds are the npm release's, and a page carries them once, only when it has TeX.</summary>
public class KatexAssetsTests
{
    private static readonly string Vendored = Path.Combine(RepositoryRoot.Path, "src", "TalkingGaussian.Notebooks", "Html", "KaTeX");

    [Fact]
    public void Embedded_files_are_the_npm_release_recorded_in_SHA256SUMS()
    {
        var recorded = File.ReadAllLines(Path.Combine(Vendored, "SHA256SUMS"))
            .Where(l => !l.StartsWith('#') && l.Length > 0)
            .Select(l => l.Split("  ", 2))
            .ToDictionary(p => p[1], p => p[0]);
        Assert.Contains(KatexAssets.Version, File.ReadAllText(Path.Combine(Vendored, "SHA256SUMS")));
        Assert.Equal(recorded.Keys.Order(StringComparer.Ordinal), KatexAssets.FileNames);
        foreach (var (name, sha) in recorded)
            Assert.True(sha == Convert.ToHexStringLower(SHA256.HashData(KatexAssets.File(name))), $"{name} differs from KaTeX {KatexAssets.Version} as published on npm.");
    }

    [Fact]
    public void Every_font_is_inlined_and_the_stylesheet_fetches_nothing()
    {
        string head = KatexAssets.Head;
        int fonts = KatexAssets.FileNames.Count(n => n.EndsWith(".woff2", StringComparison.Ordinal));
        Assert.Equal(20, fonts);
        Assert.Equal(fonts, head.Split("url(data:font/woff2;base64,").Length - 1);
        Assert.DoesNotContain("url(fonts/", head);
    }

    [Fact]
    public void A_page_carries_KaTeX_once_and_only_when_it_has_TeX()
    {
        var withTex = new InteractiveDocument
        {
            new InteractiveDocumentElement("Inline $\\mu$ and\n\n$$\\alpha$$", "markdown"),
            new InteractiveDocumentElement("$x$ again", "markdown"),
        };
        string page = NotebookHtmlWriter.Write(withTex, "t");
        Assert.Equal(2, page.Split("data-tg-katex=").Length - 1); // one <style>, one <script>
        Assert.Contains(KatexAssets.RenderScript, page);
        Assert.True(page.IndexOf("data-tg-katex", StringComparison.Ordinal) < page.IndexOf("</head>", StringComparison.Ordinal));

        string plain = NotebookHtmlWriter.Write(new InteractiveDocument { new InteractiveDocumentElement("No TeX; it costs $5.", "markdown") }, "t");
        Assert.DoesNotContain("data-tg-katex", plain);
        Assert.DoesNotContain(KatexAssets.RenderScript, plain);
    }
}
