namespace TalkingGaussian.Preparation;

/// <summary>A minimal protobuf wire-format reader: varints, 32/64-bit fixed and length-delimited fields.</summary>
internal sealed class ProtoReader(byte[] data)
{
    private int _pos;

    /// <summary>The value of the last varint field read by <see cref="Next"/>.</summary>
    public ulong LastVarint { get; private set; }

    /// <summary>Reads the next field: its number and its bytes (empty for varints, whose value is <see cref="LastVarint"/>).</summary>
    public bool Next(out int field, out ReadOnlySpan<byte> value)
    {
        value = default;
        field = 0;
        if (_pos >= data.Length) return false;
        ulong key = Varint(data, ref _pos);
        field = (int)(key >> 3);
        switch ((int)(key & 7))
        {
            case 0: LastVarint = Varint(data, ref _pos); break;
            case 1: value = data.AsSpan(_pos, 8); _pos += 8; break;
            case 2:
                int length = (int)Varint(data, ref _pos);
                value = data.AsSpan(_pos, length);
                _pos += length;
                break;
            case 5: value = data.AsSpan(_pos, 4); _pos += 4; break;
            default: throw new InvalidDataException($"unsupported protobuf wire type {key & 7} at byte {_pos}");
        }
        return true;
    }

    public static float[] PackedFloats(ReadOnlySpan<byte> bytes)
    {
        var result = new float[bytes.Length / 4];
        for (int i = 0; i < result.Length; i++) result[i] = BitConverter.ToSingle(bytes.Slice(4 * i, 4));
        return result;
    }

    public static int[] PackedVarints(ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        var result = new List<int>();
        int pos = 0;
        while (pos < copy.Length) result.Add((int)Varint(copy, ref pos));
        return result.ToArray();
    }

    private static ulong Varint(byte[] data, ref int pos)
    {
        ulong v = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[pos++];
            v |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
            if (shift > 63) throw new InvalidDataException("varint too long");
        }
    }
}
