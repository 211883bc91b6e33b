namespace TalkingGaussian.Gaussians;

/// <summary>
/// The standard 3DGS layout (<see cref="GaussianPlyLayout.Standard"/>) that viewers open:
/// x y z nx ny nz f_dc_0..2 f_rest_0..(3(K−1)−1) opacity scale_0..2 rot_0..3.
/// Scales are stored as log(s) (3DGS activates them with exp), opacity as logit(α), rotation raw (w, x, y, z), and
/// f_rest channel-major: f_rest_{c·(K−1) + k−1} is coefficient k ≥ 1 of channel c (the transpose of our [K, 3] order).
/// </summary>
internal static class StandardGaussianPly
{
    private static readonly string[] Required =
        ["x", "y", "z", "f_dc_0", "f_dc_1", "f_dc_2", "opacity", "scale_0", "scale_1", "scale_2", "rot_0", "rot_1", "rot_2", "rot_3"];

    public static string[] PropertyNames(int shCoefficients)
    {
        var names = new List<string> { "x", "y", "z", "nx", "ny", "nz", "f_dc_0", "f_dc_1", "f_dc_2" };
        for (int j = 0; j < 3 * (shCoefficients - 1); j++) names.Add($"f_rest_{j}");
        names.AddRange(["opacity", "scale_0", "scale_1", "scale_2", "rot_0", "rot_1", "rot_2", "rot_3"]);
        return names.ToArray();
    }

    public static void Export(PersistentGaussianField field, string path)
    {
        GaussianFieldChecks.RequireFinite(field, path);
        int n = field.Count, k = field.ShCoefficients, rest = k - 1;
        var names = PropertyNames(k);
        int p = names.Length;
        int opacityAt = 9 + 3 * rest;
        var values = new float[(long)n * p];
        for (int i = 0; i < n; i++)
        {
            int at = i * p;
            for (int c = 0; c < 3; c++) values[at + c] = field.Means[3 * i + c];
            // nx ny nz stay 0: 3DGS writes zero normals.
            int sh = 3 * k * i;
            for (int c = 0; c < 3; c++)
            {
                values[at + 6 + c] = field.Sh[sh + c];
                for (int j = 1; j < k; j++) values[at + 9 + c * rest + j - 1] = field.Sh[sh + 3 * j + c];
            }
            values[at + opacityAt] = field.OpacitiesRaw[i];
            for (int c = 0; c < 3; c++) values[at + opacityAt + 1 + c] = LogScale(field.ScaleActivation, field.ScalesRaw[3 * i + c]);
            for (int c = 0; c < 4; c++) values[at + opacityAt + 4 + c] = field.RotationsRaw[4 * i + c];
        }
        string[] comments =
        [
            "3DGS Gaussians exported by TalkingGaussian (tg): scale = exp(scale_i), opacity = sigmoid(opacity)",
            $"converted from {field.ScaleActivation.ToString().ToLowerInvariant()} raw scales; SH degree {field.ShDegree}",
        ];
        PlyWriter.WriteVertices(path, comments, names, values, n);
    }

    /// <summary>log(s) for s = activation(raw); log(softplus(raw)) is evaluated in double (original-code.md §10.1).</summary>
    public static float LogScale(ScaleActivation activation, float raw)
    {
        if (activation == ScaleActivation.Exp) return raw;
        // softplus(r) = e^r (1 + O(e^r)) for r ≪ 0, so log(softplus(r)) = r to float precision below −30.
        if (raw < -30f) return raw;
        double softplus = raw > 30f ? raw : Math.Log(1 + Math.Exp(raw));
        return (float)Math.Log(softplus);
    }

    /// <summary>activation⁻¹(e^v) for a stored log scale v; softplus⁻¹(s) = log(expm1(s)) evaluated in double.</summary>
    public static float RawScale(ScaleActivation activation, float logScale)
    {
        if (activation == ScaleActivation.Exp) return logScale;
        // expm1(s) = s (1 + O(s)) for tiny s, so softplus⁻¹(e^v) = v to float precision below −30.
        if (logScale < -30f) return logScale;
        double s = Math.Exp(logScale);
        return (float)(s + Math.Log(-double.ExpM1(-s)));
    }

    public static PersistentGaussianField Import(PlyVertexTable table, ScaleActivation activation)
    {
        string path = table.Path;
        var fixed14 = table.RequireColumns(Required, "standard 3DGS");
        int restCount = 0;
        while (table.IndexOf($"f_rest_{restCount}") >= 0) restCount++;
        int extraRest = 0;
        foreach (var name in table.PropertyNames)
            if (name.StartsWith("f_rest_", StringComparison.Ordinal)) extraRest++;
        if (extraRest != restCount)
            throw new PlyFormatException(path, $"The f_rest_* properties are not numbered 0..{restCount - 1} without gaps ({extraRest} found).",
                "Export the Gaussians again; a 3DGS file holds f_rest_0 up to f_rest_{3(K−1)−1}.");
        int shDegree = restCount switch { 0 => 0, 9 => 1, 24 => 2, 45 => 3, _ => -1 };
        if (shDegree < 0)
            throw new PlyFormatException(path, $"There are {restCount} f_rest_* properties; SH degrees 0–3 need 0, 9, 24 or 45.",
                "Export the Gaussians again with SH degree 0 to 3.");
        int k = (shDegree + 1) * (shDegree + 1), rest = k - 1;
        var restColumns = new int[restCount];
        for (int j = 0; j < restCount; j++) restColumns[j] = table.IndexOf($"f_rest_{j}");
        foreach (int c in fixed14) table.RequireFinite(c);
        foreach (int c in restColumns) table.RequireFinite(c);

        var field = new PersistentGaussianField(table.Count, shDegree, activation) { ActiveShDegree = shDegree };
        int p = table.PropertyNames.Count, n = table.Count;
        var v = table.Values;
        for (int i = 0; i < n; i++)
        {
            int at = i * p;
            for (int c = 0; c < 3; c++) field.Means[3 * i + c] = v[at + fixed14[c]];
            int sh = 3 * k * i;
            for (int c = 0; c < 3; c++)
            {
                field.Sh[sh + c] = v[at + fixed14[3 + c]];
                for (int j = 1; j < k; j++) field.Sh[sh + 3 * j + c] = v[at + restColumns[c * rest + j - 1]];
            }
            field.OpacitiesRaw[i] = v[at + fixed14[6]];
            for (int c = 0; c < 3; c++)
            {
                float raw = RawScale(activation, v[at + fixed14[7 + c]]);
                if (!float.IsFinite(raw))
                    throw new PlyFormatException(path, $"Vertex {i} has log scale {v[at + fixed14[7 + c]]} in 'scale_{c}', too large to hold.",
                        "The model diverged or the file is damaged; export it again from an earlier checkpoint.");
                field.ScalesRaw[3 * i + c] = raw;
            }
            for (int c = 0; c < 4; c++) field.RotationsRaw[4 * i + c] = v[at + fixed14[10 + c]];
        }
        return field;
    }
}
