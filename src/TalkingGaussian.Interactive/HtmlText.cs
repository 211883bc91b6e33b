using System.Net;

namespace TalkingGaussian.Interactive;

/// <summary>HTML escaping for text and attribute values placed into fragments.</summary>
internal static class HtmlText
{
    /// <summary>Escapes &lt;, &gt;, &amp; and quotes.</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
