using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace TalkingGaussian.Data.Npy;

/// <summary>
/// Reads NumPy .npy files (format versions 1.0, 2.0 and 3.0): the magic <c>\x93NUMPY</c>, two version bytes,
/// a little-endian header length (2 bytes in v1, 4 in v2/v3), an ASCII (v3: UTF-8) Python dict literal with
/// <c>descr</c>, <c>fortran_order</c> and <c>shape</c>, then the raw data. Only C order and the dtypes of
/// <see cref="NpyDType"/> are accepted.
/// </summary>
public static class NpyReader
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a whole .npy file.</summary>
    public static NpyArray Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist.", path);
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads only the header of a .npy file: dtype and shape (for validation without loading data).</summary>
    public static (NpyDType DType, int[] Shape) ReadHeader(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist.", path);
        using var stream = File.OpenRead(path);
        return ReadHeader(stream, path);
    }

    /// <summary>Reads a .npy array from <paramref name="stream"/>; <paramref name="name"/> labels errors.</summary>
    public static NpyArray Read(Stream stream, string name)
    {
        var (dtype, shape) = ReadHeader(stream, name);
        long count = 1;
        foreach (var d in shape) count *= d;
        long bytes = count * NpyDTypes.Size(dtype);
        if (bytes > int.MaxValue) throw new InvalidDataException($"{name}: array of {bytes} bytes is too large to load at once.");
        var data = new byte[bytes];
        int read = 0;
        while (read < data.Length)
        {
            int n = stream.Read(data, read, data.Length - read);
            if (n == 0)
                throw new InvalidDataException($"{name}: truncated data ({read} of {bytes} bytes for shape ({string.Join(", ", shape)})). Re-export the array with numpy.save.");
            read += n;
        }
        return new NpyArray(dtype, shape, data);
    }

    private static (NpyDType, int[]) ReadHeader(Stream stream, string name)
    {
        Span<byte> preamble = stackalloc byte[8];
        if (!TryFill(stream, preamble) || !preamble[..6].SequenceEqual(Magic))
            throw new InvalidDataException($"{name}: not a .npy file (missing the \\x93NUMPY magic). Save the array with numpy.save.");
        int major = preamble[6];
        int headerLength;
        if (major == 1)
        {
            Span<byte> len = stackalloc byte[2];
            if (!TryFill(stream, len)) throw new InvalidDataException($"{name}: truncated .npy header.");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(len);
        }
        else if (major is 2 or 3)
        {
            Span<byte> len = stackalloc byte[4];
            if (!TryFill(stream, len)) throw new InvalidDataException($"{name}: truncated .npy header.");
            uint l = BinaryPrimitives.ReadUInt32LittleEndian(len);
            if (l > 1 << 20) throw new InvalidDataException($"{name}: implausible .npy header length {l}.");
            headerLength = (int)l;
        }
        else
        {
            throw new InvalidDataException($"{name}: .npy format version {major}.{preamble[7]} is not supported (1.0–3.0 are). Re-save with numpy.save.");
        }
        var headerBytes = new byte[headerLength];
        if (!TryFill(stream, headerBytes)) throw new InvalidDataException($"{name}: truncated .npy header.");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.ASCII).GetString(headerBytes);
        return ParseHeader(header, name);
    }

    /// <summary>Parses the header dict literal, e.g. <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>.</summary>
    internal static (NpyDType, int[]) ParseHeader(string header, string name)
    {
        string descr = StringValue(header, "descr", name);
        var dtype = NpyDTypes.Parse(descr)
            ?? throw new InvalidDataException(descr.StartsWith('>')
                ? $"{name}: big-endian dtype '{descr}' is not supported. Convert with arr.astype(arr.dtype.newbyteorder('<')) and save again."
                : $"{name}: dtype '{descr}' is not supported (float32, float64, int32, bool and uint8 are). Convert with arr.astype(np.float32) and save again.");
        string fortran = RawValue(header, "fortran_order", name);
        if (fortran.StartsWith("True", StringComparison.Ordinal))
            throw new InvalidDataException($"{name}: Fortran-order arrays are not supported. Save np.ascontiguousarray(arr) instead.");
        if (!fortran.StartsWith("False", StringComparison.Ordinal))
            throw new InvalidDataException($"{name}: unreadable fortran_order value '{fortran}'.");
        string shapeText = RawValue(header, "shape", name);
        if (!shapeText.StartsWith('(')) throw new InvalidDataException($"{name}: unreadable shape '{shapeText}'.");
        int close = shapeText.IndexOf(')');
        if (close < 0) throw new InvalidDataException($"{name}: unreadable shape '{shapeText}'.");
        var parts = shapeText[1..close].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            var p = parts[i].TrimEnd('L');
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
                throw new InvalidDataException($"{name}: unreadable shape dimension '{parts[i]}'.");
        }
        return (dtype, shape);
    }

    private static string RawValue(string header, string key, string name)
    {
        int k = header.IndexOf($"'{key}'", StringComparison.Ordinal);
        if (k < 0) k = header.IndexOf($"\"{key}\"", StringComparison.Ordinal);
        if (k < 0) throw new InvalidDataException($"{name}: .npy header has no '{key}' entry.");
        int colon = header.IndexOf(':', k + key.Length + 2);
        if (colon < 0) throw new InvalidDataException($"{name}: .npy header entry '{key}' has no value.");
        return header[(colon + 1)..].TrimStart();
    }

    private static string StringValue(string header, string key, string name)
    {
        var raw = RawValue(header, key, name);
        if (raw.Length == 0 || (raw[0] != '\'' && raw[0] != '"')) throw new InvalidDataException($"{name}: .npy header '{key}' is not a string.");
        int end = raw.IndexOf(raw[0], 1);
        if (end < 0) throw new InvalidDataException($"{name}: .npy header '{key}' is not terminated.");
        return raw[1..end];
    }

    private static bool TryFill(Stream stream, Span<byte> buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = stream.Read(buffer[read..]);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }
}
