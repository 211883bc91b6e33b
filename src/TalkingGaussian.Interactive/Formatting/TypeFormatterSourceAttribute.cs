namespace TalkingGaussian.Interactive.Formatting;

/// <summary>
/// Tells a .NET Interactive kernel how to format a type, without a reference to any .NET Interactive assembly: the
/// kernel's formatter looks for an attribute of exactly this name with a <see cref="FormatterSourceType"/> and
/// <see cref="PreferredMimeTypes"/>, creates the source and calls its <c>CreateTypeFormatters()</c>
/// (see <see cref="HtmlFormatterSource"/>). Matching by name keeps this package loadable in every kernel version, and
/// in our runner, whatever Microsoft.AspNetCore.Html or Formatting assembly version each holds.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute : Attribute
{
    /// <summary>Names the formatter source type.</summary>
    public TypeFormatterSourceAttribute(Type formatterSourceType) => FormatterSourceType = formatterSourceType;

    /// <summary>A type with a public parameterless constructor and a <c>CreateTypeFormatters()</c> method.</summary>
    public Type FormatterSourceType { get; }

    /// <summary>MIME types the kernel should pick for the attributed type, most preferred first.</summary>
    public string[]? PreferredMimeTypes { get; set; }
}
