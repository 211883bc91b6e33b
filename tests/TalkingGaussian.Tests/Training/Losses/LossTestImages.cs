namespace TalkingGaussian.Tests.Training.Losses;

/// <summary>Seeded planar RGB image pairs for the loss tests: a smooth "render" and a target that is the same picture, shifted and noisy.</summary>
internal static class LossTestImages
{
    /// <summary>(image, target), both [3, H, W] in [0, 1], correlated so that SSIM is neither ≈ 0 nor ≈ 1.</summary>
    public static (float[] Image, float[] Target) Pair(int width, int height, int seed)
    {
        var rng = new Random(seed);
        var image = new float[3 * width * height];
        var target = new float[image.Length];
        for (int c = 0; c < 3; c++)
        {
            double fx = 0.2 + 0.5 * rng.NextDouble(), fy = 0.2 + 0.5 * rng.NextDouble(), phase = 6 * rng.NextDouble();
            for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = (c * height + y) * width + x;
                double smooth = 0.5 + 0.3 * Math.Sin(fx * x + phase) * Math.Cos(fy * y);
                image[i] = (float)Math.Clamp(smooth + 0.15 * (rng.NextDouble() - 0.5), 0, 1);
                target[i] = (float)Math.Clamp(0.5 + 0.3 * Math.Sin(fx * (x + 0.7) + phase) * Math.Cos(fy * y) + 0.3 * (rng.NextDouble() - 0.5), 0, 1);
            }
        }
        return (image, target);
    }

    /// <summary>max |a − b| / max |a|: the error of <paramref name="b"/> relative to the largest value of <paramref name="a"/>.</summary>
    public static double RelativeMaxError(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double err = 0, scale = 0;
        for (int i = 0; i < a.Length; i++)
        {
            err = Math.Max(err, Math.Abs((double)a[i] - b[i]));
            scale = Math.Max(scale, Math.Abs((double)a[i]));
        }
        return err / scale;
    }
}
