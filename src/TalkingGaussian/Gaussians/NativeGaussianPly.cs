using System.Globalization;

namespace TalkingGaussian.Gaussians;

/// <summary>
/// The native layout (<see cref="GaussianPlyLayout.Native"/>): per vertex x y z, scale_raw_0..2, rot_raw_0..3 (w, x, y, z),
/// opacity_raw and sh_0..sh_{3K−1} in the field's order (index k·3 + channel), all float32 as stored in memory.
/// The header records the layout version, SH degree, active SH degree and scale activation.
/// </summary>
internal static class NativeGaussianPly
{
    public const string LayoutKey = "tg_layout";
    public const string LayoutValue = "native 1";
    private const string ShDegreeKey = "tg_sh_degree";
    private const string ActiveShDegreeKey = "tg_active_sh_degree";
    private const string ScaleActivationKey = "tg_scale_activation";

    public static string[] PropertyNames(int shCoefficients)
    {
        var names = new List<string> { "x", "y", "z", "scale_raw_0", "scale_raw_1", "scale_raw_2",
            "rot_raw_0", "rot_raw_1", "rot_raw_2", "rot_raw_3", "opacity_raw" };
        for (int j = 0; j < 3 * shCoefficients; j++) names.Add($"sh_{j}");
        return names.ToArray();
    }

    public static void Save(PersistentGaussianField field, string path)
    {
        GaussianFieldChecks.RequireFinite(field, path);
        int n = field.Count, k = field.ShCoefficients;
        var names = PropertyNames(k);
        int p = names.Length;
        var values = new float[(long)n * p];
        for (int i = 0; i < n; i++)
        {
            int at = i * p;
            for (int c = 0; c < 3; c++) values[at + c] = field.Means[3 * i + c];
            for (int c = 0; c < 3; c++) values[at + 3 + c] = field.ScalesRaw[3 * i + c];
            for (int c = 0; c < 4; c++) values[at + 6 + c] = field.RotationsRaw[4 * i + c];
            values[at + 10] = field.OpacitiesRaw[i];
            Array.Copy(field.Sh, 3 * k * i, values, at + 11, 3 * k);
        }
        string[] comments =
        [
            "TalkingGaussian persistent Gaussian field, raw (pre-activation) parameters",
            $"{LayoutKey} {LayoutValue}",
            $"{ShDegreeKey} {field.ShDegree}",
            $"{ActiveShDegreeKey} {field.ActiveShDegree}",
            $"{ScaleActivationKey} {field.ScaleActivation.ToString().ToLowerInvariant()}",
        ];
        PlyWriter.WriteVertices(path, comments, names, values, n);
    }

    public static PersistentGaussianField Load(PlyVertexTable table)
    {
        string path = table.Path;
        var header = table.Header;
        var layout = header.CommentValue(LayoutKey);
        if (layout is null)
            throw new PlyFormatException(path, "This PLY has no 'comment tg_layout' line, so it is not in the native TalkingGaussian layout.",
                "Load it with GaussianPly.ImportStandard (or 'tg export --format native' to convert it) if it is a standard 3DGS file.");
        if (layout != LayoutValue)
            throw new PlyFormatException(path, $"Native layout version '{layout}' is not supported (this build reads '{LayoutValue}').",
                "Export the field again with this version of tg.");
        int shDegree = IntComment(header, ShDegreeKey, path, 0, 3);
        int active = IntComment(header, ActiveShDegreeKey, path, 0, shDegree);
        var activationText = header.CommentValue(ScaleActivationKey)
            ?? throw new PlyFormatException(path, $"The header lacks 'comment {ScaleActivationKey}'.", "Export the field again with tg.");
        if (!Enum.TryParse<ScaleActivation>(activationText, ignoreCase: true, out var activation) || !Enum.IsDefined(activation))
            throw new PlyFormatException(path, $"Unknown scale activation '{activationText}'.", "Use 'softplus' or 'exp'.");

        int k = (shDegree + 1) * (shDegree + 1);
        var names = PropertyNames(k);
        var columns = table.RequireColumns(names, "native Gaussian");
        if (table.PropertyNames.Count != names.Length)
            throw new PlyFormatException(path,
                $"The vertex element has {table.PropertyNames.Count} properties; SH degree {shDegree} in the native layout needs exactly {names.Length}.",
                "The header's tg_sh_degree and the properties disagree; export the field again.");
        foreach (int c in columns) table.RequireFinite(c);

        var field = new PersistentGaussianField(table.Count, shDegree, activation) { ActiveShDegree = active };
        int p = names.Length, n = table.Count;
        var v = table.Values;
        for (int i = 0; i < n; i++)
        {
            int at = i * p;
            for (int c = 0; c < 3; c++) field.Means[3 * i + c] = v[at + columns[c]];
            for (int c = 0; c < 3; c++) field.ScalesRaw[3 * i + c] = v[at + columns[3 + c]];
            for (int c = 0; c < 4; c++) field.RotationsRaw[4 * i + c] = v[at + columns[6 + c]];
            field.OpacitiesRaw[i] = v[at + columns[10]];
            for (int j = 0; j < 3 * k; j++) field.Sh[3 * k * i + j] = v[at + columns[11 + j]];
        }
        return field;
    }

    private static int IntComment(PlyHeader header, string key, string path, int min, int max)
    {
        var text = header.CommentValue(key)
            ?? throw new PlyFormatException(path, $"The header lacks 'comment {key}'.", "Export the field again with tg.");
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
            throw new PlyFormatException(path, $"'comment {key} {text}' must be an integer in [{min}, {max}].", "Export the field again with tg.");
        return value;
    }
}
