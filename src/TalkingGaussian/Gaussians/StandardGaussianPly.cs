namespace TalkingGaussian.Gaussians;

/// <summary>
/// The standard 3DGS layout (<see cref="GaussianPlyLayout.Standard"/>) that viewers open:
/// x y z nx ny nz f_dc_0..2 f_rest_0..(3(K−1)−1) opacity scale_0..2 rot_0..3.
/// Scales are stored as log(s) (3DGS activates them with exp; <see cref="StandardScaleConvention"/> also reads and writes the
/// released TalkingGaussian's softplus pre-activations), opacity as logit(α), rotation raw (w, x, y, z), and
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

    public static void Export(PersistentGaussianField field, string path, StandardScaleConvention convention)
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
            for (int c = 0; c < 3; c++) values[at + opacityAt + 1 + c] = EncodeScale(field.ScaleActivation, convention, field.ScalesRaw[3 * i + c]);
            for (int c = 0; c < 4; c++) values[at + opacityAt + 4 + c] = field.RotationsRaw[4 * i + c];
        }
        string[] comments =
        [
            convention == StandardScaleConvention.Log
                ? "3DGS Gaussians exported by TalkingGaussian (tg): scale = exp(scale_i), opacity = sigmoid(opacity)"
                : "Gaussians exported by TalkingGaussian (tg): scale = softplus(scale_i) as the released code, opacity = sigmoid(opacity)",
            $"converted from {field.ScaleActivation.ToString().ToLowerInvariant()} raw scales; SH degree {field.ShDegree}",
        ];
        PlyWriter.WriteVertices(path, comments, names, values, n);
    }

    /// <summary>
    /// The stored scale_i for a field's raw scale: convention⁻¹(activation(raw)). When the two functions agree the raw value
    /// is stored as is (bit-exact); otherwise the conversion is evaluated in double.
    /// </summary>
    public static float EncodeScale(ScaleActivation activation, StandardScaleConvention convention, float raw) =>
        (activation, convention) switch
        {
            (ScaleActivation.Exp, StandardScaleConvention.Log) or (ScaleActivation.Softplus, StandardScaleConvention.Softplus) => raw,
            (ScaleActivation.Softplus, _) => LogOfSoftplus(raw),
            _ => SoftplusInverseOfExp(raw),
        };

    /// <summary>The field's raw scale for a stored scale_i: activation⁻¹(convention(stored)); the inverse of <see cref="EncodeScale"/>.</summary>
    public static float DecodeScale(ScaleActivation activation, StandardScaleConvention convention, float stored) =>
        (activation, convention) switch
        {
            (ScaleActivation.Exp, StandardScaleConvention.Log) or (ScaleActivation.Softplus, StandardScaleConvention.Softplus) => stored,
            (ScaleActivation.Softplus, _) => SoftplusInverseOfExp(stored),
            _ => LogOfSoftplus(stored),
        };

    // Below −30 both conversions equal x to within eˣ/2 < 5e-14 (log softplus(x) = x − eˣ/2 + …), which also keeps
    // eˣ from underflowing to 0 for the most negative floats.

    /// <summary>log(softplus(x)) in double (exp → softplus conventions).</summary>
    private static float LogOfSoftplus(float x) => x < -30f ? x : (float)Math.Log(PreciseMath.Softplus(x));

    /// <summary>softplus⁻¹(eˣ) in double (softplus → exp conventions).</summary>
    private static float SoftplusInverseOfExp(float x) => x < -30f ? x : (float)PreciseMath.SoftplusInverse(Math.Exp(x));

    public static PersistentGaussianField Import(PlyVertexTable table, ScaleActivation activation, StandardScaleConvention convention)
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
                float raw = DecodeScale(activation, convention, v[at + fixed14[7 + c]]);
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
