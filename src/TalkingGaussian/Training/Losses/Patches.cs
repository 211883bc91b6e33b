namespace TalkingGaussian.Training.Losses;

/// <summary>
/// The released <c>patchify(img, p)</c> (shared/reference/original-code.md §5): non-overlapping p×p tiles from the
/// top-left corner, the remainder at the right and bottom dropped; the perceptual term of Eq. 11 is averaged over them.
/// Crops are planar [C, h, w] like the images they come from.
/// </summary>
public static class Patches
{
    /// <summary>
    /// Top-left corners of the ⌊W/p⌋·⌊H/p⌋ tiles, row by row (the order of PyTorch's <c>unfold</c> over H, then W).
    /// </summary>
    public static IEnumerable<(int X, int Y)> Origins(int width, int height, int p)
    {
        if (p <= 0) throw new ArgumentOutOfRangeException(nameof(p), $"The patch size must be positive; got {p}.");
        if (width < 0 || height < 0) throw new ArgumentOutOfRangeException(nameof(width), $"The image size must not be negative; got {width}×{height}.");
        return Enumerate(width / p, height / p, p);

        static IEnumerable<(int X, int Y)> Enumerate(int columns, int rows, int p)
        {
            for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                yield return (c * p, r * p);
        }
    }

    /// <summary>Copies the <paramref name="w"/>×<paramref name="h"/> crop at (<paramref name="x"/>, <paramref name="y"/>) of a planar [C, H, W] image into <paramref name="crop"/> [C, h, w].</summary>
    public static void Extract(ReadOnlySpan<float> image, int channels, int width, int height, int x, int y, int w, int h, Span<float> crop)
    {
        Check(image.Length, channels, width, height, x, y, w, h, crop.Length);
        for (int c = 0; c < channels; c++)
        for (int r = 0; r < h; r++)
            image.Slice(c * width * height + (y + r) * width + x, w).CopyTo(crop.Slice((c * h + r) * w, w));
    }

    /// <summary>Adds a crop [C, h, w] (typically a crop's gradient) into the region at (<paramref name="x"/>, <paramref name="y"/>) of a planar [C, H, W] image.</summary>
    public static void AddBack(ReadOnlySpan<float> crop, int channels, int width, int height, int x, int y, int w, int h, Span<float> image)
    {
        Check(image.Length, channels, width, height, x, y, w, h, crop.Length);
        for (int c = 0; c < channels; c++)
        for (int r = 0; r < h; r++)
        {
            var source = crop.Slice((c * h + r) * w, w);
            var target = image.Slice(c * width * height + (y + r) * width + x, w);
            for (int i = 0; i < w; i++) target[i] += source[i];
        }
    }

    private static void Check(int image, int channels, int width, int height, int x, int y, int w, int h, int crop)
    {
        if (channels <= 0 || width <= 0 || height <= 0 || image != (long)channels * width * height)
            throw new ArgumentException($"The image holds {image} floats; a planar [{channels}, {height}, {width}] image holds {(long)channels * width * height}.", nameof(image));
        if (w <= 0 || h <= 0 || x < 0 || y < 0 || x + w > width || y + h > height)
            throw new ArgumentOutOfRangeException(nameof(x), $"The {w}×{h} crop at ({x}, {y}) does not lie inside the {width}×{height} image.");
        if (crop != (long)channels * w * h)
            throw new ArgumentException($"The crop holds {crop} floats; a [{channels}, {h}, {w}] crop holds {(long)channels * w * h}.", nameof(crop));
    }
}
