namespace TalkingGaussian.Interactive.Formatting;

/// <summary>The formatter source the kernel finds through <see cref="TypeFormatterSourceAttribute"/> on <see cref="HtmlView"/>.</summary>
internal sealed class HtmlFormatterSource
{
    /// <summary>One formatter: <see cref="HtmlView"/> as text/html.</summary>
    public IEnumerable<object> CreateTypeFormatters() => [new HtmlViewFormatter()];
}
