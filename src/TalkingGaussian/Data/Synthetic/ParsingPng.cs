using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using TalkingGaussian.Media;

namespace TalkingGaussian.Data.Synthetic;

/// <summary>
/// Writes a parsing image as a 24-bit RGB PNG (no alpha channel), as the original's face parser does, atomically.
/// Pixels are 8-bit class colours (<see cref="ParsingColors"/>).
/// </summary>
internal static class ParsingPng
{
    public static void Save(string path, ReadOnlySpan<(byte R, byte G, byte B)> pixels, int width, int height)
    {
        if (pixels.Length != width * height) throw new ArgumentException($"{pixels.Length} pixels for {width}×{height}.", nameof(pixels));
        using var image = new Image<Rgb24>(width, height);
        var copy = pixels.ToArray();
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    var (r, g, b) = copy[y * width + x];
                    row[x] = new Rgb24(r, g, b);
                }
            }
        });
        using var memory = new MemoryStream();
        image.Save(memory, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 });
        AtomicFile.WriteAllBytes(path, memory.GetBuffer().AsSpan(0, (int)memory.Length));
    }
}
