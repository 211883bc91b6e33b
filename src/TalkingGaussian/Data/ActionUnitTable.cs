using System.Globalization;
using System.Text;
using TalkingGaussian.Media;

namespace TalkingGaussian.Data;

/// <summary>
/// An OpenFace 2.x <c>FeatureExtraction</c> CSV (<c>au.csv</c>): one row per frame at 25 fps, headers with a leading
/// space (<c>" AU45_r"</c>). Column names are stored trimmed; values as double.
/// </summary>
public sealed class ActionUnitTable
{
    private readonly Dictionary<string, double[]> _columns;

    /// <summary>Creates a table from trimmed column names and equally long columns (insertion order is kept on write).</summary>
    public ActionUnitTable(IReadOnlyList<(string Name, double[] Values)> columns)
    {
        _columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        ColumnNames = columns.Select(c => c.Name.Trim()).ToArray();
        RowCount = columns.Count == 0 ? 0 : columns[0].Values.Length;
        foreach (var (name, values) in columns)
        {
            if (values.Length != RowCount) throw new ArgumentException($"Column '{name}' has {values.Length} rows; expected {RowCount}.");
            _columns[name.Trim()] = values;
        }
    }

    /// <summary>The AU columns the trainer reads: AU01, 04, 05, 06, 07 (expression), 25 (lips part), 45 (blink).</summary>
    public static readonly string[] RequiredColumns = ["AU01_r", "AU04_r", "AU05_r", "AU06_r", "AU07_r", "AU25_r", "AU45_r"];

    /// <summary>Column names, trimmed, in file order.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>Number of data rows (frames).</summary>
    public int RowCount { get; }

    /// <summary>Whether a (trimmed) column exists.</summary>
    public bool Has(string name) => _columns.ContainsKey(name);

    /// <summary>A column by trimmed name, e.g. "AU45_r".</summary>
    public double[] Column(string name) =>
        _columns.TryGetValue(name, out var c) ? c : throw new KeyNotFoundException($"au.csv has no column '{name}'. Run OpenFace FeatureExtraction with -aus.");

    /// <summary>Reads au.csv; errors name the file, the row and the fix.</summary>
    public static ActionUnitTable Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing. Run OpenFace FeatureExtraction on the video (-aus) and save its CSV as au.csv.", path);
        using var reader = new StreamReader(path);
        var headerLine = reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty. Re-run OpenFace FeatureExtraction.");
        var names = headerLine.Split(',').Select(h => h.Trim()).ToArray();
        var values = names.Select(_ => new List<double>()).ToArray();
        int row = 0;
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            row++;
            if (line.Trim().Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length != names.Length)
                throw new InvalidDataException($"{path}, data row {row}: {cells.Length} cells but {names.Length} headers. The CSV is damaged; re-run OpenFace.");
            for (int c = 0; c < cells.Length; c++)
            {
                var cell = cells[c].Trim();
                double v;
                if (cell.Equals("nan", StringComparison.OrdinalIgnoreCase)) v = double.NaN;
                else if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out v))
                    throw new InvalidDataException($"{path}, data row {row}, column '{names[c]}': '{cell}' is not a number.");
                values[c].Add(v);
            }
        }
        return new ActionUnitTable(names.Select((n, i) => (n, values[i].ToArray())).ToArray());
    }

    /// <summary>Writes the table atomically with OpenFace-style headers (a leading space on every header but the first).</summary>
    public void Write(string path)
    {
        var ic = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        for (int c = 0; c < ColumnNames.Count; c++) sb.Append(c == 0 ? "" : ", ").Append(ColumnNames[c]);
        sb.Append('\n');
        var cols = ColumnNames.Select(n => _columns[n]).ToArray();
        for (int r = 0; r < RowCount; r++)
        {
            for (int c = 0; c < cols.Length; c++) sb.Append(c == 0 ? "" : ", ").Append(cols[c][r].ToString("0.###", ic));
            sb.Append('\n');
        }
        AtomicFile.WriteAllText(path, sb.ToString());
    }
}
