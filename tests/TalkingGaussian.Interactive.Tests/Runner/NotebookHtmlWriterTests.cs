using Microsoft.DotNet.Interactive.Documents;
using TalkingGaussian.Notebooks.Html;

namespace TalkingGaussian.Interactive.Tests.Runner;

public class NotebookHtmlWriterTests
{
    private const string Plotly = "<script data-tg-plotly=\"2.28.0\">/* plotly.js */</script>";

    [Fact]
    public void Plotly_js_is_hoisted_into_the_head_once_and_removed_from_outputs()
    {
        var document = new InteractiveDocument
        {
            new InteractiveDocumentElement("## Title", "markdown"),
            new InteractiveDocumentElement("chart1", "csharp", [new DisplayElement(new Dictionary<string, object> { ["text/html"] = Plotly + "<div data-tg-chart>one</div>" })]),
            new InteractiveDocumentElement("chart2", "csharp", [new DisplayElement(new Dictionary<string, object> { ["text/html"] = Plotly + "<div data-tg-chart>two</div>" })]),
        };
        string page = NotebookHtmlWriter.Write(document, "t");
        int head = page.IndexOf("</head>", StringComparison.Ordinal);
        int first = page.IndexOf("data-tg-plotly", StringComparison.Ordinal);
        Assert.True(first > 0 && first < head, "plotly.js belongs in the head");
        Assert.Equal(first, page.LastIndexOf("data-tg-plotly", StringComparison.Ordinal));
        Assert.Contains("<div data-tg-chart>one</div>", page);
        Assert.Contains("<div data-tg-chart>two</div>", page);
        Assert.Contains("<h2>Title</h2>", page);
    }

    [Fact]
    public void Text_errors_images_and_prompts_are_shown()
    {
        var executed = new InteractiveDocumentElement("Console.WriteLine(1 < 2);", "csharp",
        [
            new TextElement("True\n", "stdout"),
            new ErrorElement("the scene is empty", "InvalidOperationException", []),
            new DisplayElement(new Dictionary<string, object> { ["image/png"] = "iVBORw0KGgo=" }),
        ]) { ExecutionOrder = 3 };
        var document = new InteractiveDocument { executed, new InteractiveDocumentElement("var never = 0;", "csharp") };
        string page = NotebookHtmlWriter.Write(document, "t");
        Assert.Contains("Console.WriteLine(1 &lt; 2);", page);
        Assert.Contains("<pre class=\"stdout\">True\n</pre>", page);
        Assert.Contains("InvalidOperationException: the scene is empty", page);
        Assert.Contains("data:image/png;base64,iVBORw0KGgo=", page);
        Assert.Contains("[3]", page);
        Assert.Contains("[ ]", page);
    }
}
