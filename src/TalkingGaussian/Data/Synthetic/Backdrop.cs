using TalkingGaussian.Media;

namespace TalkingGaussian.Data.Synthetic;

/// <summary>The synthetic studio backdrop (bc.jpg): a soft vertical grey-blue gradient with a faint low-frequency pattern.</summary>
public static class Backdrop
{
    /// <summary>Creates the plate at <paramref name="width"/>×<paramref name="height"/>.</summary>
    public static PlanarImage Create(int width, int height)
    {
        var img = new PlanarImage(width, height, 3);
        float[] top = [0.80f, 0.82f, 0.85f], bottom = [0.60f, 0.63f, 0.68f];
        for (int y = 0; y < height; y++)
        {
            float v = y / (float)Math.Max(1, height - 1);
            for (int x = 0; x < width; x++)
            {
                float u = x / (float)Math.Max(1, width - 1);
                float pattern = 0.025f * MathF.Sin(6.1f * u + 1.3f) * MathF.Cos(4.3f * v - 0.7f);
                for (int c = 0; c < 3; c++) img[c, y, x] = top[c] + (bottom[c] - top[c]) * v + pattern;
            }
        }
        return img;
    }
}
