using System.Globalization;
using System.Text;

namespace TalkingGaussian.Gaussians;

/// <summary>How the body of a PLY file is encoded (its <c>format</c> line).</summary>
public enum PlyEncoding
{
    /// <summary><c>format ascii 1.0</c>: one whitespace-separated line per element row.</summary>
    Ascii,
    /// <summary><c>format binary_little_endian 1.0</c>: what 3DGS trainers and this package write.</summary>
    BinaryLittleEndian,
    /// <summary><c>format binary_big_endian 1.0</c>.</summary>
    BinaryBigEndian,
}

/// <summary>The scalar types a PLY property may have.</summary>
public enum PlyScalarType { Int8, UInt8, Int16, UInt16, Int32, UInt32, Float32, Float64 }

/// <summary>One <c>property</c> line: a scalar, or a list when <see cref="ListCountType"/> is set.</summary>
public sealed record PlyProperty(string Name, PlyScalarType Type, PlyScalarType? ListCountType = null)
{
    /// <summary>Whether this is a <c>property list</c>.</summary>
    public bool IsList => ListCountType is not null;
}

/// <summary>One <c>element</c> line and the properties that follow it.</summary>
public sealed class PlyElement(string name, long count)
{
    /// <summary>Element name (e.g. <c>vertex</c>).</summary>
    public string Name { get; } = name;

    /// <summary>Number of rows.</summary>
    public long Count { get; } = count;

    /// <summary>Properties in file order.</summary>
    public List<PlyProperty> Properties { get; } = [];

    /// <summary>Bytes per row in a binary file, or −1 when a list property makes rows variable-length.</summary>
    public int BinaryRowSize
    {
        get
        {
            int size = 0;
            foreach (var p in Properties)
            {
                if (p.IsList) return -1;
                size += PlyHeader.SizeOf(p.Type);
            }
            return size;
        }
    }
}

/// <summary>The parsed header of a PLY file: encoding, comments and elements, and where the body starts.</summary>
public sealed class PlyHeader
{
    /// <summary>Headers longer than this are taken as a sign the file is not a PLY header at all.</summary>
    public const int MaxHeaderBytes = 1 << 20;

    /// <summary>Body encoding.</summary>
    public PlyEncoding Encoding { get; private init; }

    /// <summary><c>comment</c> and <c>obj_info</c> lines, without the keyword.</summary>
    public List<string> Comments { get; } = [];

    /// <summary>Elements in file order.</summary>
    public List<PlyElement> Elements { get; } = [];

    /// <summary>Byte offset of the body (just after the <c>end_header</c> line).</summary>
    public long BodyOffset { get; private init; }

    /// <summary>Size in bytes of one value of <paramref name="type"/>.</summary>
    public static int SizeOf(PlyScalarType type) => type switch
    {
        PlyScalarType.Int8 or PlyScalarType.UInt8 => 1,
        PlyScalarType.Int16 or PlyScalarType.UInt16 => 2,
        PlyScalarType.Int32 or PlyScalarType.UInt32 or PlyScalarType.Float32 => 4,
        _ => 8,
    };

    /// <summary>The value of a <c>comment key value</c> line (first match), or null.</summary>
    public string? CommentValue(string key)
    {
        foreach (var c in Comments)
        {
            var parts = c.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == key) return parts[1].Trim();
        }
        return null;
    }

    /// <summary>Reads the header from the start of <paramref name="stream"/>; leaves the stream at the body.</summary>
    /// <param name="stream">A readable stream positioned at the first byte of the file.</param>
    /// <param name="path">The file's path, for error messages.</param>
    public static PlyHeader Read(Stream stream, string path)
    {
        var lines = ReadHeaderLines(stream, path, out long bodyOffset);
        if (lines.Count == 0 || lines[0] != "ply")
            throw new PlyFormatException(path, "This is not a PLY file (it does not start with the line 'ply').",
                "Pass a .ply file written by a 3DGS trainer or by 'tg export'.");
        if (lines.Count < 2 || !lines[1].StartsWith("format ", StringComparison.Ordinal))
            throw new PlyFormatException(path, "The second header line is not a 'format' line.",
                "Re-export the file; a PLY header starts with 'ply' then 'format binary_little_endian 1.0'.");
        var format = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var encoding = format.Length == 3 && format[2] == "1.0"
            ? format[1] switch
            {
                "ascii" => PlyEncoding.Ascii,
                "binary_little_endian" => PlyEncoding.BinaryLittleEndian,
                "binary_big_endian" => PlyEncoding.BinaryBigEndian,
                _ => (PlyEncoding?)null,
            }
            : null;
        if (encoding is null)
            throw new PlyFormatException(path, $"Unknown format line '{lines[1]}'.",
                "Use 'format ascii 1.0', 'format binary_little_endian 1.0' or 'format binary_big_endian 1.0'.");

        var header = new PlyHeader { Encoding = encoding.Value, BodyOffset = bodyOffset };
        for (int li = 2; li < lines.Count; li++)
        {
            var line = lines[li];
            var t = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (t.Length == 0) continue;
            switch (t[0])
            {
                case "comment":
                case "obj_info":
                    header.Comments.Add(line.Length > t[0].Length ? line[(t[0].Length + 1)..] : "");
                    break;
                case "element":
                    if (t.Length != 3 || !long.TryParse(t[2], NumberStyles.None, CultureInfo.InvariantCulture, out long count))
                        throw new PlyFormatException(path, $"Header line {li + 1} '{line}' is not 'element <name> <count>'.",
                            "Repair the header or re-export the file.");
                    header.Elements.Add(new PlyElement(t[1], count));
                    break;
                case "property":
                    if (header.Elements.Count == 0)
                        throw new PlyFormatException(path, $"Header line {li + 1} declares a property before any element.",
                            "Repair the header or re-export the file.");
                    header.Elements[^1].Properties.Add(ParseProperty(t, line, li, path));
                    break;
                default:
                    throw new PlyFormatException(path, $"Header line {li + 1} '{line}' is not a PLY header line.",
                        "Repair the header or re-export the file.");
            }
        }
        return header;
    }

    private static PlyProperty ParseProperty(string[] t, string line, int li, string path)
    {
        PlyScalarType? type;
        if (t.Length == 3 && (type = ParseType(t[1])) is not null) return new PlyProperty(t[2], type.Value);
        PlyScalarType? countType;
        if (t.Length == 5 && t[1] == "list" && (countType = ParseType(t[2])) is not null && (type = ParseType(t[3])) is not null)
            return new PlyProperty(t[4], type.Value, countType);
        throw new PlyFormatException(path, $"Header line {li + 1} '{line}' is not a valid property.",
            "Use 'property <type> <name>' with a PLY type (float, double, uchar, int, ...).");
    }

    private static PlyScalarType? ParseType(string name) => name switch
    {
        "char" or "int8" => PlyScalarType.Int8,
        "uchar" or "uint8" => PlyScalarType.UInt8,
        "short" or "int16" => PlyScalarType.Int16,
        "ushort" or "uint16" => PlyScalarType.UInt16,
        "int" or "int32" => PlyScalarType.Int32,
        "uint" or "uint32" => PlyScalarType.UInt32,
        "float" or "float32" => PlyScalarType.Float32,
        "double" or "float64" => PlyScalarType.Float64,
        _ => null,
    };

    /// <summary>Reads ASCII lines up to and including <c>end_header</c>, one byte at a time so the stream ends exactly at the body.</summary>
    private static List<string> ReadHeaderLines(Stream stream, string path, out long bodyOffset)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        long read = 0;
        while (true)
        {
            int b = stream.ReadByte();
            if (b < 0)
            {
                if (lines.Count == 0 || lines[0] != "ply")
                    throw new PlyFormatException(path, "This is not a PLY file (it does not start with the line 'ply').",
                        "Pass a .ply file written by a 3DGS trainer or by 'tg export'.");
                throw new PlyFormatException(path, "The header never ends (no 'end_header' line).",
                    "The file is cut off or not a PLY file; re-export it.");
            }
            read++;
            if (read > MaxHeaderBytes)
                throw new PlyFormatException(path, $"No 'end_header' within the first {MaxHeaderBytes} bytes.",
                    "This is not a PLY file or its header is damaged; re-export it.");
            if (b == '\n')
            {
                var text = line.ToString().TrimEnd('\r');
                line.Clear();
                if (lines.Count == 0 && text != "ply")
                    throw new PlyFormatException(path, "This is not a PLY file (it does not start with the line 'ply').",
                        "Pass a .ply file written by a 3DGS trainer or by 'tg export'.");
                if (text.Trim() == "end_header")
                {
                    bodyOffset = read;
                    return lines;
                }
                lines.Add(text);
            }
            else
            {
                if ((b > 126 || (b < 32 && b != '\r' && b != '\t')) && lines.Count == 0)
                    throw new PlyFormatException(path, "This is not a PLY file (it does not start with the line 'ply').",
                        "Pass a .ply file written by a 3DGS trainer or by 'tg export'.");
                if (b > 126 || (b < 32 && b != '\r' && b != '\t'))
                    throw new PlyFormatException(path, $"Byte {read - 1} of the header is not text (0x{b:x2}).",
                        "This is not a PLY file or its header is damaged; pass a .ply file.");
                line.Append((char)b);
            }
        }
    }
}
