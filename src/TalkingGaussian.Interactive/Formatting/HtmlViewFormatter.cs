namespace TalkingGaussian.Interactive.Formatting;

/// <summary>
/// Writes an <see cref="HtmlView"/>'s fragment as <c>text/html</c>. The kernel calls it by convention: it reads
/// <see cref="MimeType"/> and <see cref="Type"/> and invokes <see cref="Format"/>.
/// </summary>
internal sealed class HtmlViewFormatter
{
    /// <summary>The MIME type produced.</summary>
    public string MimeType => "text/html";

    /// <summary>The type formatted (and its subclasses).</summary>
    public Type Type => typeof(HtmlView);

    /// <summary>Writes the fragment; false for anything that is not an <see cref="HtmlView"/>.</summary>
    public bool Format(object instance, TextWriter writer)
    {
        if (instance is not HtmlView view) return false;
        writer.Write(view.Html);
        return true;
    }
}
