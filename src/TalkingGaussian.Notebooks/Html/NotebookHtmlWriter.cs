using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;

namespace TalkingGaussian.Notebooks.Html;

/// <summary>
/// A standalone, offline HTML page of an executed notebook: markdown rendered, code shown, outputs as the kernel
/// produced them (HTML, PNG, text, errors). plotly.js appears exactly once, in the head: the first copy found in any
/// output (the display package marks it <c>data-tg-plotly</c>) is hoisted there and every copy removed from the outputs.
/// A page with TeX carries KaTeX once, with its fonts inlined (<see cref="KatexAssets"/>), and typesets it on load.
/// </summary>
internal static partial class NotebookHtmlWriter
{
    public static string Write(InteractiveDocument document, string title)
    {
        string? plotly = null;
        var body = new StringBuilder();
        int cellNumber = 0;
        foreach (var cell in document.Elements)
        {
            cellNumber++;
            if (cell.KernelName is "markdown" or "md")
            {
                body.Append("<section class=\"md\">").Append(MarkdownRenderer.Render(cell.Contents)).Append("</section>\n");
                continue;
            }
            string language = cell.KernelName is "fsharp" or "F#" or "f#" ? " F#" : "";
            body.Append($"<section class=\"code\"><div class=\"prompt\">[{(cell.ExecutionOrder > 0 ? cell.ExecutionOrder.ToString(System.Globalization.CultureInfo.InvariantCulture) : " ")}]{language}</div>")
                .Append("<pre class=\"source\"><code>").Append(WebUtility.HtmlEncode(cell.Contents)).Append("</code></pre>\n");
            foreach (var output in cell.Outputs)
                body.Append("<div class=\"output\">").Append(Output(output, ref plotly)).Append("</div>\n");
            body.Append("</section>\n");
        }
        bool math = body.ToString().Contains(MarkdownRenderer.MathClass, StringComparison.Ordinal);
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + WebUtility.HtmlEncode(title) + "</title>\n" +
               "<style>" + Style + "</style>\n" + (math ? KatexAssets.Head : "") + (plotly ?? "") + "\n</head><body>\n<main>\n" + body +
               "</main>\n" + (math ? KatexAssets.RenderScript + "\n" : "") + "</body></html>\n";
    }

    private static string Output(InteractiveDocumentOutputElement output, ref string? plotly)
    {
        switch (output)
        {
            case TextElement text:
                return $"<pre class=\"{(text.Name == "stderr" ? "stderr" : "stdout")}\">{WebUtility.HtmlEncode(text.Text)}</pre>";
            case ErrorElement error:
                return $"<pre class=\"error\">{WebUtility.HtmlEncode(error.ErrorName + ": " + error.ErrorValue)}</pre>";
            case DisplayElement display:
                return Data(display.Data, ref plotly);
            case ReturnValueElement value:
                return Data(value.Data, ref plotly);
            default:
                return "";
        }
    }

    private static string Data(IDictionary<string, object> data, ref string? plotly)
    {
        if (data.TryGetValue("text/html", out var html))
        {
            string fragment = Join(html);
            var scripts = PlotlyScript().Matches(fragment);
            if (scripts.Count > 0)
            {
                plotly ??= scripts[0].Value;
                fragment = PlotlyScript().Replace(fragment, "");
            }
            return fragment;
        }
        if (data.TryGetValue("image/png", out var png))
            return $"<img src=\"data:image/png;base64,{Join(png).Trim()}\"/>";
        if (data.TryGetValue("image/svg+xml", out var svg)) return Join(svg);
        if (data.TryGetValue("text/markdown", out var md)) return MarkdownRenderer.Render(Join(md));
        if (data.TryGetValue("text/plain", out var plain)) return $"<pre>{WebUtility.HtmlEncode(Join(plain))}</pre>";
        return "";
    }

    /// <summary>Notebook JSON keeps long text either as one string or as a list of lines.</summary>
    private static string Join(object value) => value switch
    {
        string s => s,
        IEnumerable<object> parts => string.Concat(parts.Select(p => p?.ToString())),
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Array } array => string.Concat(array.EnumerateArray().Select(e => e.GetString())),
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } str => str.GetString() ?? "",
        _ => value.ToString() ?? "",
    };

    [GeneratedRegex("<script data-tg-plotly=\"[^\"]*\">.*?</script>", RegexOptions.Singleline)]
    private static partial Regex PlotlyScript();

    private const string Style =
        "body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;background:#fafafa;margin:0}" +
        "main{max-width:980px;margin:0 auto;padding:24px}" +
        "section{margin:12px 0}section.md{line-height:1.5}" +
        "section.code{background:#fff;border:1px solid #ddd;border-radius:4px;padding:6px 10px}" +
        ".prompt{color:#888;font:12px monospace}" +
        "pre.source{background:#f4f6f8;padding:8px;overflow-x:auto;font-size:13px;margin:4px 0}" +
        ".output{margin:6px 0;overflow-x:auto}.output pre{margin:0;font-size:13px}" +
        "pre.error{color:#b00020;background:#fdecea;padding:6px;white-space:pre-wrap}pre.stderr{color:#a15c00}" +
        ".math{font-family:'Latin Modern Math','STIX Two Math','Cambria Math',serif;font-style:italic;color:#333}" +
        "div.math{text-align:center;margin:8px 0;white-space:pre-wrap}" +
        "table{border-collapse:collapse}th,td{border:1px solid #ddd;padding:3px 8px}code{background:#f0f0f0;padding:0 2px}pre code{background:none;padding:0}";
}
