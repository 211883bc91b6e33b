using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace TalkingGaussian.Notebooks.Html;

/// <summary>
/// A small Markdown-to-HTML renderer for notebook text cells: ATX headings, paragraphs, bullet and numbered lists,
/// block quotes, fenced code, pipe tables, horizontal rules, and inline code, bold, italics, links and images.
/// TeX between $...$ or $$...$$ is kept verbatim (escaped, untouched by emphasis rules) in a <c>span.math</c>/
/// <c>div.math</c>, which the page's KaTeX typesets (<see cref="KatexAssets"/>); without script a reader sees the TeX.
/// </summary>
internal static partial class MarkdownRenderer
{
    /// <summary>The class attribute of every TeX element the renderer writes.</summary>
    public const string MathClass = "class=\"math\"";

    public static string Render(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var html = new StringBuilder();
        int i = 0;
        while (i < lines.Length)
        {
            string line = lines[i];
            string trimmed = line.Trim();
            if (trimmed.Length == 0) { i++; continue; }

            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                var code = new StringBuilder();
                for (i++; i < lines.Length && !lines[i].Trim().StartsWith("```", StringComparison.Ordinal); i++) code.Append(lines[i]).Append('\n');
                i++;
                html.Append("<pre><code>").Append(Escape(code.ToString())).Append("</code></pre>\n");
                continue;
            }
            if (trimmed.StartsWith("$$", StringComparison.Ordinal))
            {
                var tex = new StringBuilder(trimmed[2..]);
                if (!(trimmed.Length > 2 && trimmed.EndsWith("$$", StringComparison.Ordinal)))
                    for (i++; i < lines.Length; i++)
                    {
                        tex.Append('\n').Append(lines[i]);
                        if (lines[i].TrimEnd().EndsWith("$$", StringComparison.Ordinal)) break;
                    }
                i++;
                html.Append($"<div {MathClass}>").Append(Escape(tex.ToString().TrimEnd().TrimEnd('$').Trim())).Append("</div>\n");
                continue;
            }
            var heading = Heading().Match(trimmed);
            if (heading.Success)
            {
                int level = heading.Groups[1].Length;
                html.Append($"<h{level}>").Append(Inline(heading.Groups[2].Value)).Append($"</h{level}>\n");
                i++;
                continue;
            }
            if (Rule().IsMatch(trimmed)) { html.Append("<hr/>\n"); i++; continue; }
            if (trimmed.StartsWith('>'))
            {
                var quote = new StringBuilder();
                for (; i < lines.Length && lines[i].Trim().StartsWith('>'); i++) quote.Append(lines[i].Trim()[1..].TrimStart()).Append('\n');
                html.Append("<blockquote>").Append(Render(quote.ToString())).Append("</blockquote>\n");
                continue;
            }
            if (trimmed.StartsWith('|') && i + 1 < lines.Length && TableRule().IsMatch(lines[i + 1].Trim()))
            {
                i = RenderTable(lines, i, html);
                continue;
            }
            var bullet = ListItem().Match(line);
            if (bullet.Success)
            {
                bool ordered = char.IsDigit(bullet.Groups[2].Value[0]);
                html.Append(ordered ? "<ol>\n" : "<ul>\n");
                while (i < lines.Length)
                {
                    var item = ListItem().Match(lines[i]);
                    if (!item.Success) break;
                    var text = new StringBuilder(item.Groups[3].Value);
                    // Continuation lines: indented, not a new item, not blank.
                    for (i++; i < lines.Length && lines[i].Trim().Length > 0 && !ListItem().IsMatch(lines[i]) && char.IsWhiteSpace(lines[i][0]); i++)
                        text.Append(' ').Append(lines[i].Trim());
                    html.Append("<li>").Append(Inline(text.ToString())).Append("</li>\n");
                }
                html.Append(ordered ? "</ol>\n" : "</ul>\n");
                continue;
            }
            var paragraph = new StringBuilder();
            for (; i < lines.Length && lines[i].Trim().Length > 0 && !StartsBlock(lines[i]); i++)
                paragraph.Append(paragraph.Length > 0 ? "\n" : "").Append(lines[i].Trim());
            html.Append("<p>").Append(Inline(paragraph.ToString())).Append("</p>\n");
        }
        return html.ToString();
    }

    private static bool StartsBlock(string line)
    {
        string t = line.Trim();
        return t.StartsWith("```", StringComparison.Ordinal) || t.StartsWith("$$", StringComparison.Ordinal) || Heading().IsMatch(t)
               || t.StartsWith('>') || ListItem().IsMatch(line) || Rule().IsMatch(t);
    }

    private static int RenderTable(string[] lines, int i, StringBuilder html)
    {
        static string[] Cells(string row) => row.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
        html.Append("<table><thead><tr>");
        foreach (var c in Cells(lines[i])) html.Append("<th>").Append(Inline(c)).Append("</th>");
        html.Append("</tr></thead><tbody>\n");
        for (i += 2; i < lines.Length && lines[i].Trim().StartsWith('|'); i++)
        {
            html.Append("<tr>");
            foreach (var c in Cells(lines[i])) html.Append("<td>").Append(Inline(c)).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody></table>\n");
        return i;
    }

    /// <summary>Inline rules on one block of text; code spans and TeX are set aside first so no rule touches them.</summary>
    public static string Inline(string text)
    {
        var kept = new List<string>();
        string Keep(string html)
        {
            kept.Add(html);
            return $"\u0001{kept.Count - 1}\u0002";
        }

        text = CodeSpan().Replace(text, m => Keep("<code>" + Escape(m.Groups[1].Value) + "</code>"));
        text = MathSpan().Replace(text, m => Keep($"<span {MathClass}>" + Escape(m.Groups[1].Value) + "</span>"));
        text = Escape(text);
        text = ImageLink().Replace(text, m => Keep($"<img alt=\"{m.Groups[1].Value}\" src=\"{m.Groups[2].Value}\"/>"));
        text = Link().Replace(text, m => $"<a href=\"{m.Groups[2].Value}\">{m.Groups[1].Value}</a>");
        text = Bold().Replace(text, "<strong>$2</strong>");
        text = Italic().Replace(text, "<em>$2</em>");
        text = text.Replace("\n", "\n");
        return Kept().Replace(text, m => kept[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);
    }

    private static string Escape(string s) => WebUtility.HtmlEncode(s);

    [GeneratedRegex(@"^(#{1,6})\s+(.*?)\s*#*$")] private static partial Regex Heading();
    [GeneratedRegex(@"^(\*\s*){3,}$|^(-\s*){3,}$|^(_\s*){3,}$")] private static partial Regex Rule();
    [GeneratedRegex(@"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")] private static partial Regex TableRule();
    [GeneratedRegex(@"^(\s{0,3})([-*+]|\d{1,3}[.)])\s+(.*)$")] private static partial Regex ListItem();
    [GeneratedRegex(@"`([^`]+)`")] private static partial Regex CodeSpan();
    [GeneratedRegex(@"(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$(?!\d)")] private static partial Regex MathSpan();
    [GeneratedRegex(@"!\[([^\]]*)\]\(([^)\s]+)\)")] private static partial Regex ImageLink();
    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]+)\)")] private static partial Regex Link();
    [GeneratedRegex(@"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")] private static partial Regex Bold();
    [GeneratedRegex(@"(?<![\w*])(\*|_)(?=\S)(.+?)(?<=\S)\1(?![\w*])")] private static partial Regex Italic();
    [GeneratedRegex("\u0001(\\d+)\u0002")] private static partial Regex Kept();
}
