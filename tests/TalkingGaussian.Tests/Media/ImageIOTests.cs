using TalkingGaussian.Media;

namespace TalkingGaussian.Tests.Media;

public sealed class ImageIOTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tg-image-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void PngRoundTripsEightBitLevelsExactly()
    {
        const int w = 7, h = 5;
        var planar = new float[4 * w * h];
        var rng = new Random(3);
        for (int i = 0; i < planar.Length; i++) planar[i] = rng.Next(256) / 255f;
        var path = Path.Combine(_dir, "sub", "a.png");
        ImageIO.SavePng(path, planar, w, h, 4);
        var back = ImageIO.Load(path, 4);
        Assert.Equal((w, h, 4), (back.Width, back.Height, back.Channels));
        // Values on the 8-bit grid survive PNG exactly, up to float division rounding.
        for (int i = 0; i < planar.Length; i++) Assert.Equal(planar[i], back.Pixels[i], 1e-6f);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void QuantisationClampsAndRounds()
    {
        Assert.Equal(0, ImageIO.ToByte(-0.3f));
        Assert.Equal(255, ImageIO.ToByte(1.7f));
        Assert.Equal(128, ImageIO.ToByte(0.5f));
        Assert.Equal(0, ImageIO.ToByte(float.NaN));
    }

    [Fact]
    public void JpegKeepsColoursClose()
    {
        const int w = 16, h = 16;
        var planar = new float[3 * w * h];
        for (int i = 0; i < w * h; i++) { planar[i] = 0.8f; planar[w * h + i] = 0.3f; planar[2 * w * h + i] = 0.1f; }
        var path = Path.Combine(_dir, "a.jpg");
        ImageIO.SaveJpeg(path, planar, w, h);
        var back = ImageIO.Load(path);
        // A flat colour at quality 95 comes back within a few 8-bit levels (chroma subsampling, DCT rounding).
        Assert.Equal(0.8f, back[0, 8, 8], 0.03f);
        Assert.Equal(0.3f, back[1, 8, 8], 0.03f);
        Assert.Equal(0.1f, back[2, 8, 8], 0.03f);
    }

    [Fact]
    public void MissingAndCorruptFilesGiveClearErrors()
    {
        var missing = Path.Combine(_dir, "nope.png");
        Assert.Contains("nope.png", Assert.Throws<FileNotFoundException>(() => ImageIO.Load(missing)).Message);
        var corrupt = Path.Combine(_dir, "bad.png");
        File.WriteAllText(corrupt, "not an image");
        var e = Assert.Throws<InvalidDataException>(() => ImageIO.Load(corrupt));
        Assert.Contains("bad.png", e.Message);
        Assert.Equal("not an image", File.ReadAllText(corrupt));
    }

    [Fact]
    public void WrongBufferSizeIsRejected()
    {
        Assert.Throws<ArgumentException>(() => ImageIO.EncodePng(new float[10], 4, 4, 3));
    }
}
