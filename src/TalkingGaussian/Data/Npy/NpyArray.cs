using System.Buffers.Binary;

namespace TalkingGaussian.Data.Npy;

/// <summary>
/// An n-dimensional array as a .npy file holds it: element type, shape (C order) and the raw little-endian bytes.
/// Typed views convert on demand.
/// </summary>
public sealed class NpyArray
{
    /// <summary>Wraps raw bytes; their length must be the element count times the element size.</summary>
    public NpyArray(NpyDType dtype, int[] shape, byte[] data)
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Negative dimension in shape ({string.Join(", ", shape)}).", nameof(shape));
            count *= d;
        }
        if (count * NpyDTypes.Size(dtype) != data.Length)
            throw new ArgumentException($"Shape ({string.Join(", ", shape)}) of {dtype} needs {count * NpyDTypes.Size(dtype)} bytes; got {data.Length}.", nameof(data));
        DType = dtype;
        Shape = shape;
        Data = data;
        Count = count;
    }

    /// <summary>Element type.</summary>
    public NpyDType DType { get; }

    /// <summary>Dimensions in C (row-major) order; empty for a scalar.</summary>
    public int[] Shape { get; }

    /// <summary>Raw element bytes, little-endian, C order.</summary>
    public byte[] Data { get; }

    /// <summary>Number of elements.</summary>
    public long Count { get; }

    /// <summary>A float32 array of the given shape.</summary>
    public static NpyArray FromFloat32(float[] values, params int[] shape)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return new NpyArray(NpyDType.Float32, shape, bytes);
    }

    /// <summary>A float64 array of the given shape.</summary>
    public static NpyArray FromFloat64(double[] values, params int[] shape)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8 * i), values[i]);
        return new NpyArray(NpyDType.Float64, shape, bytes);
    }

    /// <summary>A bool array of the given shape (one byte per element).</summary>
    public static NpyArray FromBool(bool[] values, params int[] shape)
    {
        var bytes = new byte[values.Length];
        for (int i = 0; i < values.Length; i++) bytes[i] = values[i] ? (byte)1 : (byte)0;
        return new NpyArray(NpyDType.Bool, shape, bytes);
    }

    /// <summary>An int32 array of the given shape.</summary>
    public static NpyArray FromInt32(int[] values, params int[] shape)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 * i), values[i]);
        return new NpyArray(NpyDType.Int32, shape, bytes);
    }

    /// <summary>Elements as int32 (only for int32 arrays, so nothing is silently rounded).</summary>
    public int[] ToInt32()
    {
        if (DType != NpyDType.Int32) throw new InvalidDataException($"The array holds {DType}, not Int32.");
        var r = new int[Count];
        for (long i = 0; i < Count; i++) r[i] = BinaryPrimitives.ReadInt32LittleEndian(Data.AsSpan((int)(4 * i)));
        return r;
    }

    /// <summary>A uint8 array of the given shape.</summary>
    public static NpyArray FromUInt8(byte[] values, params int[] shape) => new(NpyDType.UInt8, shape, (byte[])values.Clone());

    /// <summary>Elements converted to float32 (bool/uint8 become 0/1 and 0…255).</summary>
    public float[] ToFloat32()
    {
        var r = new float[Count];
        if (DType == NpyDType.Float32 && BitConverter.IsLittleEndian)
        {
            Buffer.BlockCopy(Data, 0, r, 0, Data.Length);
            return r;
        }
        for (long i = 0; i < Count; i++) r[i] = (float)ElementAsDouble(i);
        return r;
    }

    /// <summary>Elements converted to float64.</summary>
    public double[] ToFloat64()
    {
        var r = new double[Count];
        for (long i = 0; i < Count; i++) r[i] = ElementAsDouble(i);
        return r;
    }

    /// <summary>Elements as booleans (non-zero is true).</summary>
    public bool[] ToBool()
    {
        var r = new bool[Count];
        for (long i = 0; i < Count; i++) r[i] = ElementAsDouble(i) != 0;
        return r;
    }

    private double ElementAsDouble(long i) => DType switch
    {
        NpyDType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(Data.AsSpan((int)(4 * i))),
        NpyDType.Float64 => BinaryPrimitives.ReadDoubleLittleEndian(Data.AsSpan((int)(8 * i))),
        NpyDType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(Data.AsSpan((int)(4 * i))),
        _ => Data[i],
    };
}
