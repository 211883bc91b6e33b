namespace TalkingGaussian.Media;

/// <summary>Bilinear resampling of planar images (pixel centres aligned: source x = (x + ½)·W_src/W − ½, clamped at the edges).</summary>
public static class PlanarResize
{
    /// <summary>
    /// Resamples the [C, H, W] image <paramref name="source"/> to <paramref name="width"/>×<paramref name="height"/> into
    /// <paramref name="target"/> (C·width·height floats). The same size copies it unchanged.
    /// </summary>
    public static void Bilinear(PlanarImage source, int width, int height, Span<float> target)
    {
        int c = source.Channels, sw = source.Width, sh = source.Height;
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Size must be positive, got {width}×{height}.");
        if (target.Length != c * width * height) throw new ArgumentException($"A {c}-channel {width}×{height} image has {c * width * height} floats; got {target.Length}.", nameof(target));
        if (sw == width && sh == height)
        {
            source.Pixels.CopyTo(target);
            return;
        }
        float sx = sw / (float)width, sy = sh / (float)height;
        for (int y = 0; y < height; y++)
        {
            float fy = Math.Clamp((y + 0.5f) * sy - 0.5f, 0f, sh - 1);
            int y0 = (int)fy, y1 = Math.Min(y0 + 1, sh - 1);
            float wy = fy - y0;
            for (int x = 0; x < width; x++)
            {
                float fx = Math.Clamp((x + 0.5f) * sx - 0.5f, 0f, sw - 1);
                int x0 = (int)fx, x1 = Math.Min(x0 + 1, sw - 1);
                float wx = fx - x0;
                for (int ch = 0; ch < c; ch++)
                {
                    var p = source.Pixels.AsSpan(ch * sw * sh, sw * sh);
                    float top = p[y0 * sw + x0] + wx * (p[y0 * sw + x1] - p[y0 * sw + x0]);
                    float bottom = p[y1 * sw + x0] + wx * (p[y1 * sw + x1] - p[y1 * sw + x0]);
                    target[(ch * height + y) * width + x] = top + wy * (bottom - top);
                }
            }
        }
    }
}
