using TalkingGaussian.Data;

namespace TalkingGaussian.Training.Losses;

/// <summary>
/// The masking the released scripts apply around the photometric loss (shared/reference/original-code.md §5.1, §5.2), on
/// planar RGB [3, H, W] images and [H, W] masks: the masked target I_mask of Eq. 9–10 (<c>gt·M + bg·¬M</c>, then the mouth
/// painted bg), the hair iterations (render and target painted bg on hair pixels), the mouth stage's lips box.
/// </summary>
/// <remarks>
/// Painting a rendered pixel with a constant cuts it out of the graph: after the loss's backward pass, call
/// <see cref="ZeroWhere"/> with the same mask on the image gradient before it goes into the rasterizer.
/// </remarks>
public static class ImageMasks
{
    /// <summary>Sets every pixel of <paramref name="image"/> where <paramref name="mask"/> is true to <paramref name="color"/>.</summary>
    public static void Paint(Span<float> image, ReadOnlySpan<bool> mask, (float R, float G, float B) color)
    {
        int plane = CheckPlanes(image.Length, mask.Length);
        for (int p = 0; p < plane; p++)
        {
            if (!mask[p]) continue;
            image[p] = color.R;
            image[plane + p] = color.G;
            image[2 * plane + p] = color.B;
        }
    }

    /// <summary>Zeroes all three channels of <paramref name="gradient"/> [3, H, W] where <paramref name="mask"/> is true.</summary>
    public static void ZeroWhere(Span<float> gradient, ReadOnlySpan<bool> mask)
    {
        int plane = CheckPlanes(gradient.Length, mask.Length);
        for (int p = 0; p < plane; p++)
            if (mask[p]) gradient[p] = gradient[plane + p] = gradient[2 * plane + p] = 0f;
    }

    /// <summary>
    /// Writes the box of <paramref name="rect"/> (ends exclusive) into <paramref name="mask"/> [H, W]: true inside, false
    /// elsewhere, clipped to the image as <see cref="Regularizers.MeanInRectangle"/> clips it (the released
    /// <c>lips_mask</c> of §5.2).
    /// </summary>
    public static void Rectangle(LipsRectangle rect, int width, int height, Span<bool> mask)
    {
        if (width <= 0 || height <= 0 || mask.Length != width * height)
            throw new ArgumentException($"The mask holds {mask.Length} pixels; an [H, W] = [{height}, {width}] mask holds {(long)width * height}.", nameof(mask));
        mask.Clear();
        int c0 = Math.Max(0, rect.ColStart), c1 = Math.Min(width, rect.ColEnd);
        if (c1 <= c0) return;
        for (int r = Math.Max(0, rect.RowStart); r < Math.Min(height, rect.RowEnd); r++) mask.Slice(r * width + c0, c1 - c0).Fill(true);
    }

    private static int CheckPlanes(int image, int mask)
    {
        if (mask == 0 || image != 3L * mask)
            throw new ArgumentException($"The image holds {image} floats and the mask {mask} pixels; an RGB [3, H, W] image needs an [H, W] mask (3 floats per pixel).");
        return mask;
    }
}
