using TalkingGaussian.Data.Npy;

namespace TalkingGaussian.Tests.Data;

public sealed class NpzArchiveTests : DataTempTest
{
    [Fact]
    public void Arrays_and_texts_round_trip_exactly()
    {
        string path = Path.Combine(TempFolder(), "a.npz");
        float[] f = [1.5f, -0f, float.Epsilon, 3e38f];
        int[] i = [int.MinValue, -1, 0, 7, int.MaxValue];
        using (var s = File.Create(path))
            NpzArchive.Write(s, [new("x/floats", NpyArray.FromFloat32(f, 2, 2)), new("ints", NpyArray.FromInt32(i, 5))], [new("meta.json", "{\"a\":1}")]);
        var (arrays, texts) = NpzArchive.Read(path);
        Assert.Equal(f.Select(BitConverter.SingleToInt32Bits), arrays["x/floats"].ToFloat32().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal([2, 2], arrays["x/floats"].Shape);
        Assert.Equal(i, arrays["ints"].ToInt32());
        Assert.Equal("{\"a\":1}", texts["meta.json"]);
    }

    [Fact]
    public void Int32_arrays_are_written_as_numpy_writes_them()
    {
        // np.save of np.array([1, -2], dtype='<i4'): descr '<i4', then the two little-endian words.
        using var s = new MemoryStream();
        NpyWriter.Write(s, NpyArray.FromInt32([1, -2], 2));
        var bytes = s.ToArray();
        Assert.Contains("'descr': '<i4'", System.Text.Encoding.ASCII.GetString(bytes));
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF }, bytes[^8..]);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_refused()
    {
        string path = Path.Combine(TempFolder(), "bad.npz");
        File.WriteAllText(path, "not a zip");
        Assert.Throws<InvalidDataException>(() => NpzArchive.Read(path));
    }
}
