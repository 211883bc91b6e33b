using System.Globalization;
using System.Text;

namespace TalkingGaussian.Interactive.Tables;

/// <summary>A small matrix (a covariance, a rotation) in brackets, with a caption.</summary>
public sealed class MatrixView : HtmlView
{
    private MatrixView(string html) : base(html) { }

    /// <summary>Shows <paramref name="matrix"/> with <paramref name="format"/> (default 4 decimals).</summary>
    public static MatrixView Of(double[,] matrix, string? label = null, string format = "F4")
    {
        var html = new StringBuilder("<figure style=\"display:inline-block;margin:4px 12px\">");
        html.Append("<table style=\"border-collapse:collapse;font:13px monospace;border-left:2px solid #333;border-right:2px solid #333\">");
        for (int r = 0; r < matrix.GetLength(0); r++)
        {
            html.Append("<tr>");
            for (int c = 0; c < matrix.GetLength(1); c++)
                html.Append("<td style=\"padding:1px 8px;text-align:right\">")
                    .Append(matrix[r, c].ToString(format, CultureInfo.InvariantCulture)).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</table>");
        if (label is not null) html.Append("<figcaption style=\"font:12px sans-serif\">").Append(HtmlText.Encode(label)).Append("</figcaption>");
        return new MatrixView(html.Append("</figure>").ToString());
    }
}
