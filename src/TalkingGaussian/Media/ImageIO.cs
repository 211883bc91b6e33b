using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace TalkingGaussian.Media;

/// <summary>
/// Reads and writes images as planar float [C, H, W] in [0, 1] (SixLabors.ImageSharp 2.1). Writes are atomic.
/// Quantisation to 8 bits clamps to [0, 1] and rounds to nearest.
/// </summary>
public static class ImageIO
{
    /// <summary>
    /// Loads a PNG/JPEG/BMP file as <paramref name="channels"/> planar channels: 3 = RGB, 4 = RGBA, 1 = luma (Rec. 601).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable image.</exception>
    public static PlanarImage Load(string path, int channels = 3)
    {
        if (channels is not (1 or 3 or 4)) throw new ArgumentOutOfRangeException(nameof(channels), "channels must be 1, 3 or 4.");
        if (!File.Exists(path)) throw new FileNotFoundException($"Image not found: {path}.", path);
        Image<Rgba32> image;
        try
        {
            image = Image.Load<Rgba32>(path);
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException)
        {
            throw new InvalidDataException($"{path} is not a readable image ({e.Message}). Re-export it as PNG or JPEG.", e);
        }
        using (image)
        {
            var result = new PlanarImage(image.Width, image.Height, channels);
            int plane = image.Width * image.Height;
            var px = result.Pixels;
            image.ProcessPixelRows(rows =>
            {
                for (int y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    int o = y * rows.Width;
                    for (int x = 0; x < row.Length; x++)
                    {
                        var p = row[x];
                        if (channels == 1)
                        {
                            px[o + x] = (0.299f * p.R + 0.587f * p.G + 0.114f * p.B) / 255f;
                            continue;
                        }
                        px[o + x] = p.R / 255f;
                        px[plane + o + x] = p.G / 255f;
                        px[2 * plane + o + x] = p.B / 255f;
                        if (channels == 4) px[3 * plane + o + x] = p.A / 255f;
                    }
                }
            });
            return result;
        }
    }

    /// <summary>Writes a PNG atomically; <paramref name="channels"/> is 1 (grey), 3 (RGB) or 4 (RGBA).</summary>
    public static void SavePng(string path, ReadOnlySpan<float> planar, int width, int height, int channels = 3)
    {
        var bytes = EncodePng(planar, width, height, channels);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>Writes <paramref name="image"/> as a PNG atomically.</summary>
    public static void SavePng(string path, PlanarImage image) =>
        SavePng(path, image.Pixels, image.Width, image.Height, image.Channels);

    /// <summary>Writes a JPEG atomically (RGB or grey; alpha is dropped).</summary>
    public static void SaveJpeg(string path, ReadOnlySpan<float> planar, int width, int height, int channels = 3, int quality = 95)
    {
        using var image = ToImage(planar, width, height, channels);
        using var memory = new MemoryStream();
        image.Save(memory, new JpegEncoder { Quality = quality });
        AtomicFile.WriteAllBytes(path, memory.GetBuffer().AsSpan(0, (int)memory.Length));
    }

    /// <summary>Encodes planar channels as PNG bytes (for inline display).</summary>
    public static byte[] EncodePng(ReadOnlySpan<float> planar, int width, int height, int channels = 3)
    {
        using var image = ToImage(planar, width, height, channels);
        using var memory = new MemoryStream();
        image.Save(memory, new PngEncoder { CompressionLevel = PngCompressionLevel.BestSpeed });
        return memory.ToArray();
    }

    /// <summary>Clamps to [0, 1] and rounds to the nearest 8-bit level; NaN becomes 0 (a cast of NaN is undefined).</summary>
    public static byte ToByte(float v) => float.IsNaN(v) ? (byte)0 : (byte)(Math.Clamp(v, 0f, 1f) * 255f + 0.5f);

    private static Image<Rgba32> ToImage(ReadOnlySpan<float> planar, int width, int height, int channels)
    {
        if (channels is not (1 or 3 or 4)) throw new ArgumentOutOfRangeException(nameof(channels), "channels must be 1, 3 or 4.");
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Image size must be positive, got {width}×{height}.");
        int plane = width * height;
        if (planar.Length < channels * plane)
            throw new ArgumentException($"Planar buffer has {planar.Length} floats; {channels}×{height}×{width} needs {channels * plane}.", nameof(planar));
        var image = new Image<Rgba32>(width, height);
        var pixels = new Rgba32[plane];
        for (int i = 0; i < plane; i++)
        {
            byte r = ToByte(planar[i]);
            pixels[i] = channels == 1
                ? new Rgba32(r, r, r, 255)
                : new Rgba32(r, ToByte(planar[plane + i]), ToByte(planar[2 * plane + i]), channels == 4 ? ToByte(planar[3 * plane + i]) : (byte)255);
        }
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++) pixels.AsSpan(y * width, width).CopyTo(rows.GetRowSpan(y));
        });
        return image;
    }
}
