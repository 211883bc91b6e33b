using System.Buffers.Binary;
using System.Text;
using TalkingGaussian.Media;

namespace TalkingGaussian.Data.Npy;

/// <summary>
/// Writes .npy files as numpy.save does: format 1.0 (2.0 when the header exceeds 65535 bytes), a dict header padded
/// with spaces and ending in a newline so the data starts at a multiple of 64 bytes. Files are written atomically.
/// </summary>
public static class NpyWriter
{
    /// <summary>Writes <paramref name="array"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, NpyArray array) => AtomicFile.Write(path, s => Write(s, array));

    /// <summary>Writes <paramref name="array"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, NpyArray array)
    {
        var header = Encoding.Latin1.GetBytes(HeaderText(array)); // Latin-1 keeps the 0x93 magic byte and the raw length bytes
        stream.Write(header);
        stream.Write(array.Data);
    }

    /// <summary>Magic, version, length and padded dict: everything before the data.</summary>
    internal static string HeaderText(NpyArray array) => HeaderText(array.DType, array.Shape);

    /// <summary>The header of an array of <paramref name="dtype"/> and <paramref name="dims"/> (for writers that stream the data after it).</summary>
    internal static string HeaderText(NpyDType dtype, int[] dims)
    {
        string shape = dims.Length switch
        {
            0 => "()",
            1 => $"({dims[0]},)",
            _ => "(" + string.Join(", ", dims) + ")",
        };
        string dict = $"{{'descr': '{NpyDTypes.Descriptor(dtype)}', 'fortran_order': False, 'shape': {shape}, }}";
        // v1: 6 magic + 2 version + 2 length; v2: 4-byte length.
        int prefix = 10;
        int total = Align(prefix + dict.Length + 1);
        bool v2 = total - prefix > ushort.MaxValue;
        if (v2)
        {
            prefix = 12;
            total = Align(prefix + dict.Length + 1);
        }
        int headerLength = total - prefix;
        var sb = new StringBuilder(total);
        sb.Append('\u0093').Append("NUMPY").Append((char)(v2 ? 2 : 1)).Append('\0');
        Span<byte> len = stackalloc byte[4];
        if (v2) BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)headerLength);
        else BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)headerLength);
        for (int i = 0; i < (v2 ? 4 : 2); i++) sb.Append((char)len[i]);
        sb.Append(dict).Append(' ', headerLength - dict.Length - 1).Append('\n');
        return sb.ToString();
    }

    private static int Align(int n) => (n + 63) / 64 * 64;
}
