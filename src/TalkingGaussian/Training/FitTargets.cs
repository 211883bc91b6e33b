using TalkingGaussian.Media;

namespace TalkingGaussian.Training;

/// <summary>Small procedural target images for fitting demos (no file needed).</summary>
public static class FitTargets
{
    /// <summary>
    /// A face-like test card on black: a warm disc, two dark eyes, a red mouth, and a blue bar; sharp edges and flat
    /// regions, so both the shapes and the colours have to be learnt.
    /// </summary>
    public static PlanarImage Face(int width = 64, int height = 64)
    {
        if (width < 8 || height < 8) throw new ArgumentOutOfRangeException(nameof(width), "The target needs at least 8×8 pixels.");
        var image = new PlanarImage(width, height, 3);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                // Normalised coordinates in [−1, 1], y up.
                float u = 2f * (x + 0.5f) / width - 1f, v = 1f - 2f * (y + 0.5f) / height;
                (float r, float g, float b) c = (0f, 0f, 0f);
                if (u * u + (v - 0.05f) * (v - 0.05f) < 0.6f) c = (0.95f, 0.78f, 0.35f);
                if (Sq(u + 0.3f) + Sq(v - 0.25f) < 0.012f || Sq(u - 0.3f) + Sq(v - 0.25f) < 0.012f) c = (0.1f, 0.1f, 0.15f);
                float mouth = Sq(u) + Sq(v + 0.05f);
                if (v < -0.15f && mouth > 0.16f && mouth < 0.30f) c = (0.85f, 0.15f, 0.15f);
                if (v < -0.85f && MathF.Abs(u) < 0.7f) c = (0.2f, 0.35f, 0.9f);
                image[0, y, x] = c.r;
                image[1, y, x] = c.g;
                image[2, y, x] = c.b;
            }
        return image;
    }

    private static float Sq(float v) => v * v;
}
