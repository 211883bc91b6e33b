using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Formatting;

namespace TalkingGaussian.Notebooks.Running;

/// <summary>
/// Turns the kernel events of one cell into notebook outputs, in order: displayed values (updated in place when the
/// cell calls <c>.Update</c> on them), the return value, stdout/stderr text, and the error of a failed cell.
/// </summary>
internal sealed class OutputCollector
{
    private readonly List<InteractiveDocumentOutputElement> _outputs = [];
    private readonly Dictionary<string, int> _displayIndex = [];

    /// <summary>The outputs collected so far.</summary>
    public IReadOnlyList<InteractiveDocumentOutputElement> Outputs => _outputs;

    /// <summary>The error message when the cell failed, else null.</summary>
    public string? Error { get; private set; }

    public void Add(KernelEvent e)
    {
        // Standard output and error are display events too: they come first.
        switch (e)
        {
            case StandardOutputValueProduced stdout:
                AddText(Text(stdout.FormattedValues), "stdout");
                break;
            case StandardErrorValueProduced stderr:
                AddText(Text(stderr.FormattedValues), "stderr");
                break;
            case DisplayedValueUpdated updated when updated.ValueId is not null && _displayIndex.TryGetValue(updated.ValueId, out int at):
                _outputs[at] = new DisplayElement(Data(updated.FormattedValues));
                break;
            case ReturnValueProduced value:
                var returned = new ReturnValueElement();
                foreach (var (mime, text) in Data(value.FormattedValues)) returned.Data[mime] = text;
                _outputs.Add(returned);
                break;
            case DisplayEvent display when display.FormattedValues.Count > 0:
                if (display.ValueId is not null) _displayIndex[display.ValueId] = _outputs.Count;
                _outputs.Add(new DisplayElement(Data(display.FormattedValues)));
                break;
            case CommandFailed failed:
                Error = failed.Exception is null ? failed.Message : $"{failed.Exception.GetType().Name}: {failed.Exception.Message}";
                if (string.IsNullOrWhiteSpace(Error)) Error = failed.Message;
                _outputs.Add(new ErrorElement(Error, failed.Exception?.GetType().Name ?? "Error",
                    failed.Exception?.StackTrace?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? []));
                break;
        }
    }

    private void AddText(string text, string stream)
    {
        // Consecutive writes to one stream become one output, as Jupyter shows them.
        if (_outputs.Count > 0 && _outputs[^1] is TextElement last && last.Name == stream)
            _outputs[^1] = new TextElement(last.Text + text, stream);
        else
            _outputs.Add(new TextElement(text, stream));
    }

    private static Dictionary<string, object> Data(IReadOnlyCollection<FormattedValue> values) =>
        values.GroupBy(v => v.MimeType).ToDictionary(g => g.Key, g => (object)g.First().Value);

    private static string Text(IReadOnlyCollection<FormattedValue> values) =>
        values.FirstOrDefault(v => v.MimeType == PlainTextFormatter.MimeType)?.Value ?? values.FirstOrDefault()?.Value ?? "";
}
