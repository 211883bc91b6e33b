using TalkingGaussian.Data;

namespace TalkingGaussian.Training;

/// <summary>
/// Per-pixel helpers of the stages beside <see cref="Losses.ImageMasks"/>: masked targets, the lips box as a crop, PSNR
/// (planar RGB [3, H, W], masks [H, W]).
/// </summary>
internal static class StageImages
{
    /// <summary>target = image where <paramref name="keep"/>, else the colour.</summary>
    public static void Masked(ReadOnlySpan<float> image, ReadOnlySpan<bool> keep, (float R, float G, float B) colour, Span<float> target)
    {
        int plane = keep.Length;
        for (int p = 0; p < plane; p++)
        {
            bool k = keep[p];
            target[p] = k ? image[p] : colour.R;
            target[plane + p] = k ? image[plane + p] : colour.G;
            target[2 * plane + p] = k ? image[2 * plane + p] : colour.B;
        }
    }

    /// <summary>The lips rectangle clipped to the image as (x, y, w, h), as <see cref="Losses.Regularizers.MeanInRectangle"/> clips it.</summary>
    public static (int X, int Y, int W, int H) Rectangle(LipsRectangle r, int width, int height)
    {
        int x0 = Math.Clamp(r.ColStart, 0, width), x1 = Math.Clamp(r.ColEnd, 0, width);
        int y0 = Math.Clamp(r.RowStart, 0, height), y1 = Math.Clamp(r.RowEnd, 0, height);
        return (x0, y0, Math.Max(0, x1 - x0), Math.Max(0, y1 - y0));
    }

    /// <summary>PSNR = −10·log10(mean squared error) over all values (released training metric), in dB.</summary>
    public static float Psnr(ReadOnlySpan<float> image, ReadOnlySpan<float> target)
    {
        double sum = 0;
        for (int i = 0; i < image.Length; i++)
        {
            double d = image[i] - target[i];
            sum += d * d;
        }
        double mse = sum / Math.Max(1, image.Length);
        return mse <= 0 ? float.PositiveInfinity : (float)(-10 * Math.Log10(mse));
    }
}
