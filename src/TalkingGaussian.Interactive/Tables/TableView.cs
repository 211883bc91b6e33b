using System.Globalization;
using System.Text;

namespace TalkingGaussian.Interactive.Tables;

/// <summary>
/// A small table (a gradient check, a timing summary). Cells are strings or numbers; numbers are written in the
/// invariant culture with <c>numberFormat</c> (default: 4 significant digits).
/// </summary>
public sealed class TableView : HtmlView
{
    private TableView(string html, string[] columns, IReadOnlyList<object?[]> rows) : base(html)
    {
        Columns = columns;
        Rows = rows;
    }

    /// <summary>Column headers.</summary>
    public string[] Columns { get; }

    /// <summary>The rows as given.</summary>
    public IReadOnlyList<object?[]> Rows { get; }

    /// <summary>Builds the table; every row needs one cell per column.</summary>
    public static TableView Of(string[] columns, IEnumerable<object?[]> rows, string numberFormat = "G4")
    {
        var list = rows.ToList();
        var html = new StringBuilder("<table style=\"border-collapse:collapse;font:13px monospace\"><thead><tr>");
        foreach (var c in columns) html.Append("<th style=\"border-bottom:1px solid #888;padding:2px 10px;text-align:right\">").Append(HtmlText.Encode(c)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        for (int r = 0; r < list.Count; r++)
        {
            if (list[r].Length != columns.Length)
                throw new ArgumentException($"Row {r} has {list[r].Length} cells; the table has {columns.Length} columns.", nameof(rows));
            html.Append("<tr>");
            foreach (var cell in list[r])
                html.Append("<td style=\"padding:2px 10px;text-align:right\">").Append(HtmlText.Encode(Format(cell, numberFormat))).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        return new TableView(html.ToString(), columns, list);
    }

    private static string Format(object? cell, string numberFormat) => cell switch
    {
        null => "",
        float f => f.ToString(numberFormat, CultureInfo.InvariantCulture),
        double d => d.ToString(numberFormat, CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}
