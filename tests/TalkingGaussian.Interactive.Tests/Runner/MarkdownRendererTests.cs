using TalkingGaussian.Notebooks.Html;

namespace TalkingGaussian.Interactive.Tests.Runner;

public class MarkdownRendererTests
{
    [Fact]
    public void Headings_paragraphs_lists_and_code_render()
    {
        string html = MarkdownRenderer.Render("# Title\n\nSome **bold** and *italic* text\nwith `code`.\n\n- one\n- two\n\n1. first\n2. second\n\n```csharp\nvar x = 1 < 2;\n```\n");
        Assert.Contains("<h1>Title</h1>", html);
        Assert.Contains("<strong>bold</strong>", html);
        Assert.Contains("<em>italic</em>", html);
        Assert.Contains("<code>code</code>", html);
        Assert.Contains("<ul>\n<li>one</li>\n<li>two</li>\n</ul>", html);
        Assert.Contains("<ol>", html);
        Assert.Contains("<pre><code>var x = 1 &lt; 2;\n</code></pre>", html);
    }

    [Fact]
    public void Tex_is_kept_verbatim_and_untouched_by_emphasis()
    {
        string html = MarkdownRenderer.Render("Covariance $\\Sigma = R S S^T R^T$ with $s_x$ and $q_w$, and\n$$\nC(x) = \\sum_{i} c_i \\alpha_i \\prod_{j<i} (1-\\alpha_j)\n$$");
        Assert.Contains("<span class=\"math\">\\Sigma = R S S^T R^T</span>", html);
        Assert.Contains("<span class=\"math\">s_x</span>", html);
        Assert.DoesNotContain("<em>", html);
        Assert.Contains("<div class=\"math\">C(x) = \\sum_{i} c_i \\alpha_i \\prod_{j&lt;i} (1-\\alpha_j)</div>", html);
    }

    [Fact]
    public void Links_tables_and_html_escaping()
    {
        string html = MarkdownRenderer.Render("See [the paper](https://example.org/p.pdf) <script>.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        Assert.Contains("<a href=\"https://example.org/p.pdf\">the paper</a>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("<th>a</th>", html);
        Assert.Contains("<td>2</td>", html);
    }
}
