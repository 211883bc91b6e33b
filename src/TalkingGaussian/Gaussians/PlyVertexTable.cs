namespace TalkingGaussian.Gaussians;

/// <summary>
/// The <c>vertex</c> element of a PLY file as a row-major float table (N rows × P properties), every property
/// converted to float (float properties bit-for-bit, doubles rounded to nearest).
/// </summary>
public sealed class PlyVertexTable
{
    internal PlyVertexTable(string path, PlyHeader header, string[] names, int count, float[] values)
    {
        Path = path;
        Header = header;
        PropertyNames = names;
        Count = count;
        Values = values;
    }

    /// <summary>The file the table was read from.</summary>
    public string Path { get; }

    /// <summary>The file's header (comments, encoding, elements).</summary>
    public PlyHeader Header { get; }

    /// <summary>Vertex property names in file order.</summary>
    public IReadOnlyList<string> PropertyNames { get; }

    /// <summary>Number of vertices N.</summary>
    public int Count { get; }

    /// <summary>[N, P] values, row-major.</summary>
    public float[] Values { get; }

    /// <summary>Column index of <paramref name="name"/>, or −1.</summary>
    public int IndexOf(string name)
    {
        for (int j = 0; j < PropertyNames.Count; j++)
            if (PropertyNames[j] == name) return j;
        return -1;
    }

    /// <summary>
    /// Column indices of <paramref name="names"/>; throws a <see cref="PlyFormatException"/> listing every missing one.
    /// </summary>
    public int[] RequireColumns(IReadOnlyList<string> names, string whatFor)
    {
        var columns = new int[names.Count];
        List<string>? missing = null;
        for (int k = 0; k < names.Count; k++)
            if ((columns[k] = IndexOf(names[k])) < 0) (missing ??= []).Add(names[k]);
        if (missing is not null)
            throw new PlyFormatException(Path, $"The vertex element lacks the {whatFor} properties {string.Join(", ", missing)}.",
                "Export the Gaussians again with a 3DGS trainer or 'tg export', which write every property.");
        return columns;
    }

    /// <summary>Throws a <see cref="PlyFormatException"/> naming the first vertex whose value in <paramref name="column"/> is NaN or infinite.</summary>
    public void RequireFinite(int column)
    {
        int p = PropertyNames.Count;
        for (int i = 0; i < Count; i++)
        {
            float v = Values[i * p + column];
            if (!float.IsFinite(v))
                throw new PlyFormatException(Path, $"Vertex {i} has {v} in '{PropertyNames[column]}'.",
                    "The model diverged or the file is damaged; export it again from an earlier checkpoint.");
        }
    }
}
