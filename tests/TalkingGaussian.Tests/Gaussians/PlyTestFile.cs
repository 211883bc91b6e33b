using System.Buffers.Binary;
using System.Text;

namespace TalkingGaussian.Tests.Gaussians;

/// <summary>Builds PLY files by hand (header text plus a body), so tests can write what other trainers write, or damage.</summary>
internal sealed class PlyTestFile
{
    private readonly List<(string Type, string Name)> _properties = [];
    private readonly List<double[]> _rows = [];

    public string Format { get; set; } = "binary_little_endian";
    public List<string> ExtraHeaderLines { get; } = [];
    public long? DeclaredCount { get; set; }

    public PlyTestFile Property(string type, string name)
    {
        _properties.Add((type, name));
        return this;
    }

    public PlyTestFile Row(params double[] values)
    {
        _rows.Add(values);
        return this;
    }

    public byte[] ToBytes()
    {
        var h = new StringBuilder($"ply\nformat {Format} 1.0\n");
        foreach (var l in ExtraHeaderLines) h.Append(l).Append('\n');
        h.Append($"element vertex {DeclaredCount ?? _rows.Count}\n");
        foreach (var (type, name) in _properties) h.Append($"property {type} {name}\n");
        h.Append("end_header\n");
        var bytes = new List<byte>(Encoding.ASCII.GetBytes(h.ToString()));
        if (Format == "ascii")
        {
            foreach (var r in _rows)
                bytes.AddRange(Encoding.ASCII.GetBytes(string.Join(' ', r.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "\n"));
            return bytes.ToArray();
        }
        bool little = Format == "binary_little_endian";
        foreach (var r in _rows)
            for (int j = 0; j < r.Length; j++)
            {
                var b = new byte[8];
                int size;
                switch (_properties[j].Type)
                {
                    case "float": if (little) BinaryPrimitives.WriteSingleLittleEndian(b, (float)r[j]); else BinaryPrimitives.WriteSingleBigEndian(b, (float)r[j]); size = 4; break;
                    case "double": if (little) BinaryPrimitives.WriteDoubleLittleEndian(b, r[j]); else BinaryPrimitives.WriteDoubleBigEndian(b, r[j]); size = 8; break;
                    case "uchar": b[0] = (byte)r[j]; size = 1; break;
                    case "int": if (little) BinaryPrimitives.WriteInt32LittleEndian(b, (int)r[j]); else BinaryPrimitives.WriteInt32BigEndian(b, (int)r[j]); size = 4; break;
                    default: throw new ArgumentException(_properties[j].Type);
                }
                bytes.AddRange(b.AsSpan(0, size).ToArray());
            }
        return bytes.ToArray();
    }

    public string Write(string folder, string name = "test.ply")
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, ToBytes());
        return path;
    }

    /// <summary>A standard 3DGS file of SH degree <paramref name="degree"/> with <paramref name="rows"/> vertices, values from <paramref name="value"/>(row, column).</summary>
    public static PlyTestFile Standard(int degree, int rows, string type, Func<int, int, double> value, bool withColourExtras = false)
    {
        var f = new PlyTestFile();
        var names = new List<string> { "x", "y", "z", "nx", "ny", "nz", "f_dc_0", "f_dc_1", "f_dc_2" };
        int k = (degree + 1) * (degree + 1);
        for (int j = 0; j < 3 * (k - 1); j++) names.Add($"f_rest_{j}");
        names.AddRange(["opacity", "scale_0", "scale_1", "scale_2", "rot_0", "rot_1", "rot_2", "rot_3"]);
        foreach (var n in names) f.Property(type, n);
        if (withColourExtras) f.Property("uchar", "red").Property("int", "filter_id");
        for (int i = 0; i < rows; i++)
        {
            var r = new double[names.Count + (withColourExtras ? 2 : 0)];
            for (int j = 0; j < names.Count; j++) r[j] = value(i, j);
            if (withColourExtras) { r[^2] = 200; r[^1] = -7; }
            f.Row(r);
        }
        return f;
    }
}
