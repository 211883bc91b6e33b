using System.Runtime.InteropServices;
using System.Text;
using TalkingGaussian.Media;

namespace TalkingGaussian.Gaussians;

/// <summary>Writes a binary little-endian PLY with one <c>vertex</c> element of float properties, atomically.</summary>
public static class PlyWriter
{
    /// <summary>
    /// Writes <paramref name="count"/> rows of <paramref name="values"/> ([count, names.Count], row-major) to
    /// <paramref name="path"/> through a temporary file in the same folder that is then renamed.
    /// </summary>
    public static void WriteVertices(string path, IReadOnlyList<string> comments, IReadOnlyList<string> names, float[] values, int count)
    {
        if ((long)count * names.Count > values.Length)
            throw new ArgumentException($"{count} rows of {names.Count} properties need {count * names.Count} values; got {values.Length}.");
        var header = new StringBuilder();
        header.Append("ply\nformat binary_little_endian 1.0\n");
        foreach (var c in comments)
        {
            if (c.Contains('\n') || c.Contains('\r')) throw new ArgumentException("A PLY comment must be a single line.", nameof(comments));
            header.Append("comment ").Append(c).Append('\n');
        }
        header.Append("element vertex ").Append(count).Append('\n');
        foreach (var n in names) header.Append("property float ").Append(n).Append('\n');
        header.Append("end_header\n");
        var headerBytes = Encoding.ASCII.GetBytes(header.ToString());
        int length = count * names.Count;
        AtomicFile.Write(path, stream =>
        {
            stream.Write(headerBytes);
            if (BitConverter.IsLittleEndian)
            {
                stream.Write(MemoryMarshal.AsBytes(values.AsSpan(0, length)));
                return;
            }
            Span<byte> b = stackalloc byte[4];
            for (int i = 0; i < length; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(b, values[i]);
                stream.Write(b);
            }
        });
    }
}
