using System.Buffers.Binary;
using System.Text;
using TalkingGaussian.Data.Npy;

namespace TalkingGaussian.Tests.Data;

/// <summary>.npy files whose bytes are written by hand from the format specification.</summary>
public class NpyTests : DataTempTest
{
    /// <summary>Magic, version, little-endian header length, then the dict padded with spaces to end in '\n' at a multiple of 64.</summary>
    private static byte[] HandWritten(int major, string dict, byte[] data)
    {
        int lengthBytes = major == 1 ? 2 : 4;
        int prefix = 6 + 2 + lengthBytes;
        int total = (prefix + dict.Length + 1 + 63) / 64 * 64;
        int headerLength = total - prefix;
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 };
        if (major == 1) { bytes.Add((byte)(headerLength & 0xFF)); bytes.Add((byte)(headerLength >> 8)); }
        else { var l = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(l, (uint)headerLength); bytes.AddRange(l); }
        bytes.AddRange(Encoding.ASCII.GetBytes(dict.PadRight(headerLength - 1) + "\n"));
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    private static NpyArray ReadBytes(byte[] bytes) => NpyReader.Read(new MemoryStream(bytes), "test.npy");

    [Fact]
    public void ReadsVersion1Float32InCOrder()
    {
        var data = new byte[24];
        float[] values = [1.5f, -2f, 3.25f, 0f, 1e-3f, 7f];
        for (int i = 0; i < 6; i++) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), values[i]);
        var a = ReadBytes(HandWritten(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", data));
        Assert.Equal(NpyDType.Float32, a.DType);
        Assert.Equal([2, 3], a.Shape);
        Assert.Equal(values, a.ToFloat32());
    }

    [Fact]
    public void ReadsVersion2Float64()
    {
        var data = new byte[16];
        BinaryPrimitives.WriteDoubleLittleEndian(data, Math.PI);
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8), -0.125);
        var a = ReadBytes(HandWritten(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", data));
        Assert.Equal(NpyDType.Float64, a.DType);
        Assert.Equal([2], a.Shape);
        Assert.Equal([Math.PI, -0.125], a.ToFloat64());
    }

    [Fact]
    public void ReadsVersion3BoolAndUInt8()
    {
        var b = ReadBytes(HandWritten(3, "{'descr': '|b1', 'fortran_order': False, 'shape': (2, 2), }", [1, 0, 0, 1]));
        Assert.Equal(NpyDType.Bool, b.DType);
        Assert.Equal([true, false, false, true], b.ToBool());
        var u = ReadBytes(HandWritten(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", [0, 128, 255]));
        Assert.Equal(NpyDType.UInt8, u.DType);
        Assert.Equal([0f, 128f, 255f], u.ToFloat32());
    }

    [Fact]
    public void WriterProducesTheSpecifiedLayout()
    {
        var stream = new MemoryStream();
        NpyWriter.Write(stream, NpyArray.FromFloat32([1f, 2f, 3f, 4f, 5f, 6f], 3, 2));
        var bytes = stream.ToArray();
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        int dataStart = 10 + headerLength;
        Assert.Equal(0, dataStart % 64);
        Assert.Equal((byte)'\n', bytes[dataStart - 1]);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", header);
        Assert.Equal(24, bytes.Length - dataStart);
        Assert.Equal(6f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(dataStart + 20)));
    }

    [Fact]
    public void WriterMarksOneDimensionalShapesWithATrailingComma()
    {
        var stream = new MemoryStream();
        NpyWriter.Write(stream, NpyArray.FromBool([true, false, true], 3));
        var text = Encoding.Latin1.GetString(stream.ToArray());
        Assert.Contains("'descr': '|b1'", text);
        Assert.Contains("'shape': (3,)", text);
    }

    [Fact]
    public void RoundTripsEveryTypeThroughAFile()
    {
        var dir = TempFolder();
        var f64 = NpyArray.FromFloat64([1, 2, 3, 4, 5, 6, 7, 8], 2, 2, 2);
        var path = Path.Combine(dir, "a.npy");
        NpyWriter.Write(path, f64);
        var back = NpyReader.Read(path);
        Assert.Equal(f64.Shape, back.Shape);
        Assert.Equal(f64.Data, back.Data);
        var (dtype, shape) = NpyReader.ReadHeader(path);
        Assert.Equal(NpyDType.Float64, dtype);
        Assert.Equal([2, 2, 2], shape);
        NpyWriter.Write(path, NpyArray.FromUInt8([9, 8, 7], 3));
        Assert.Equal([9f, 8f, 7f], NpyReader.Read(path).ToFloat32());
    }

    [Fact]
    public void RejectsBigEndianFortranAndTruncatedFilesWithTheFix()
    {
        var be = Assert.Throws<InvalidDataException>(() => ReadBytes(HandWritten(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", new byte[4])));
        Assert.Contains("big-endian", be.Message);
        var fo = Assert.Throws<InvalidDataException>(() => ReadBytes(HandWritten(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }", new byte[4])));
        Assert.Contains("ascontiguousarray", fo.Message);
        var tr = Assert.Throws<InvalidDataException>(() => ReadBytes(HandWritten(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", new byte[8])));
        Assert.Contains("truncated", tr.Message);
        Assert.Throws<InvalidDataException>(() => ReadBytes(Encoding.ASCII.GetBytes("not a numpy file at all")));
    }
}
