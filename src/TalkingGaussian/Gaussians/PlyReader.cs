using System.Buffers.Binary;
using System.Globalization;

namespace TalkingGaussian.Gaussians;

/// <summary>
/// Reads the <c>vertex</c> element of a PLY file (binary little/big endian or ASCII). Elements before it are skipped
/// when their rows have a fixed size; elements after it are ignored. Every failure is a <see cref="PlyFormatException"/>.
/// </summary>
public static class PlyReader
{
    /// <summary>Reads only the header of <paramref name="path"/>.</summary>
    public static PlyHeader ReadHeader(string path)
    {
        using var stream = Open(path);
        return PlyHeader.Read(stream, path);
    }

    /// <summary>Reads the vertex element of <paramref name="path"/> into a float table.</summary>
    public static PlyVertexTable ReadVertices(string path)
    {
        using var stream = Open(path);
        var header = PlyHeader.Read(stream, path);
        int vi = header.Elements.FindIndex(e => e.Name == "vertex");
        if (vi < 0)
            throw new PlyFormatException(path, "The header declares no 'vertex' element.",
                "Gaussians are stored as vertices; pass a 3DGS point-cloud PLY.");
        var vertex = header.Elements[vi];
        if (vertex.Count > int.MaxValue / Math.Max(1, vertex.Properties.Count))
            throw new PlyFormatException(path, $"The vertex element has {vertex.Count} rows, more than this reader holds.",
                "Split the cloud into smaller files.");
        foreach (var p in vertex.Properties)
            if (p.IsList)
                throw new PlyFormatException(path, $"Vertex property '{p.Name}' is a list; Gaussian PLYs hold scalars only.",
                    "Remove the list property or export the Gaussians again.");
        int n = (int)vertex.Count;
        var names = vertex.Properties.ConvertAll(p => p.Name).ToArray();
        var values = new float[(long)n * names.Length];
        bool vertexIsLast = vi == header.Elements.Count - 1;
        if (header.Encoding == PlyEncoding.Ascii)
            ReadAscii(stream, path, header, vi, values, vertexIsLast);
        else
            ReadBinary(stream, path, header, vi, values, vertexIsLast);
        return new PlyVertexTable(path, header, names, n, values);
    }

    private static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (FileNotFoundException)
        {
            throw new PlyFormatException(path, "The file does not exist.", "Check the path.");
        }
        catch (DirectoryNotFoundException)
        {
            throw new PlyFormatException(path, "The folder of the file does not exist.", "Check the path.");
        }
        catch (UnauthorizedAccessException)
        {
            throw new PlyFormatException(path, "The file cannot be opened for reading (access denied or a folder).", "Check the path and its permissions.");
        }
    }

    private static void ReadBinary(Stream stream, string path, PlyHeader header, int vi, float[] values, bool vertexIsLast)
    {
        var vertex = header.Elements[vi];
        long skip = 0;
        for (int e = 0; e < vi; e++)
        {
            int size = header.Elements[e].BinaryRowSize;
            if (size < 0)
                throw new PlyFormatException(path, $"Element '{header.Elements[e].Name}' before the vertices has list properties, which this reader cannot skip.",
                    "Write the vertex element first (3DGS files have only a vertex element).");
            skip += size * header.Elements[e].Count;
        }
        int rowSize = vertex.BinaryRowSize;
        long need = header.BodyOffset + skip + rowSize * vertex.Count;
        if (stream.Length < need)
            throw new PlyFormatException(path,
                $"The file is truncated: the header declares {vertex.Count} vertices of {rowSize} bytes, which need {need} bytes, but the file has {stream.Length}.",
                "The file was cut off while being written or copied; export it again.");
        if (vertexIsLast && stream.Length > need)
            throw new PlyFormatException(path,
                $"Vertex count mismatch: {stream.Length - need} bytes follow the {vertex.Count} vertices the header declares.",
                "The 'element vertex' count is wrong; export the file again.");
        stream.Seek(header.BodyOffset + skip, SeekOrigin.Begin);

        var props = vertex.Properties;
        int p = props.Count;
        bool little = header.Encoding == PlyEncoding.BinaryLittleEndian;
        int rowsPerChunk = Math.Max(1, (1 << 16) / Math.Max(1, rowSize));
        var chunk = new byte[rowsPerChunk * rowSize];
        long n = vertex.Count;
        for (long row = 0; row < n; row += rowsPerChunk)
        {
            int rows = (int)Math.Min(rowsPerChunk, n - row);
            stream.ReadExactly(chunk, 0, rows * rowSize);
            int at = 0;
            for (int r = 0; r < rows; r++)
            {
                long outAt = (row + r) * p;
                for (int j = 0; j < p; j++)
                {
                    var type = props[j].Type;
                    values[outAt + j] = (float)ReadScalar(chunk.AsSpan(at), type, little);
                    at += PlyHeader.SizeOf(type);
                }
            }
        }
    }

    private static double ReadScalar(ReadOnlySpan<byte> b, PlyScalarType type, bool little) => type switch
    {
        PlyScalarType.Int8 => (sbyte)b[0],
        PlyScalarType.UInt8 => b[0],
        PlyScalarType.Int16 => little ? BinaryPrimitives.ReadInt16LittleEndian(b) : BinaryPrimitives.ReadInt16BigEndian(b),
        PlyScalarType.UInt16 => little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b),
        PlyScalarType.Int32 => little ? BinaryPrimitives.ReadInt32LittleEndian(b) : BinaryPrimitives.ReadInt32BigEndian(b),
        PlyScalarType.UInt32 => little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b),
        // float → double → float is exact, so float properties round-trip bit-for-bit (NaN payloads aside).
        PlyScalarType.Float32 => little ? BinaryPrimitives.ReadSingleLittleEndian(b) : BinaryPrimitives.ReadSingleBigEndian(b),
        _ => little ? BinaryPrimitives.ReadDoubleLittleEndian(b) : BinaryPrimitives.ReadDoubleBigEndian(b),
    };

    private static void ReadAscii(Stream stream, string path, PlyHeader header, int vi, float[] values, bool vertexIsLast)
    {
        var vertex = header.Elements[vi];
        using var reader = new StreamReader(stream, System.Text.Encoding.ASCII, false, 1 << 16, leaveOpen: true);
        long lineNo = 0;
        string? NextLine()
        {
            string? l;
            do { l = reader.ReadLine(); lineNo++; } while (l is not null && l.Trim().Length == 0);
            return l;
        }
        for (int e = 0; e < vi; e++)
            for (long r = 0; r < header.Elements[e].Count; r++)
                if (NextLine() is null) throw Truncated(path, vertex.Count, 0);

        int p = vertex.Properties.Count;
        var separators = new[] { ' ', '\t' };
        for (long row = 0; row < vertex.Count; row++)
        {
            var line = NextLine() ?? throw Truncated(path, vertex.Count, row);
            var tokens = line.Split(separators, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length != p)
                throw new PlyFormatException(path, $"Vertex {row} (body line {lineNo}) has {tokens.Length} values; the header declares {p} properties.",
                    "The header and body disagree; export the file again.");
            for (int j = 0; j < p; j++)
            {
                if (!double.TryParse(tokens[j], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                    throw new PlyFormatException(path, $"Vertex {row} (body line {lineNo}) property '{vertex.Properties[j].Name}' is '{tokens[j]}', not a number.",
                        "Repair the value or export the file again.");
                values[row * p + j] = (float)v;
            }
        }
        if (vertexIsLast && NextLine() is not null)
            throw new PlyFormatException(path, $"Vertex count mismatch: more lines follow the {vertex.Count} vertices the header declares.",
                "The 'element vertex' count is wrong; export the file again.");
    }

    private static PlyFormatException Truncated(string path, long declared, long found) =>
        new(path, $"The file is truncated: the header declares {declared} vertices but the body ends after {found}.",
            "The file was cut off while being written or copied; export it again.");
}
