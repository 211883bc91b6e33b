using TalkingGaussian.Evaluation.Lpips;

namespace TalkingGaussian.Tests.Evaluation;

/// <summary>
/// Small random LPIPS networks written as the two real weight files (torchvision AlexNet keys, lpips lin keys), with
/// AlexNet's kernels, strides and pools but few channels, so the reference runs in milliseconds on 32–40 px images.
/// </summary>
internal static class LpipsTestWeights
{
    public static readonly int[] NarrowChannels = [6, 8, 10, 8, 8];
    public static readonly int[] AlexNetChannels = [64, 192, 384, 256, 256];
    private static readonly int[] Kernels = [11, 5, 3, 3, 3];

    public static (List<TorchFileWriter.Entry> Alex, List<TorchFileWriter.Entry> Lin) Make(int[] channels, int seed)
    {
        var rng = new Random(seed);
        var alex = new List<TorchFileWriter.Entry>();
        var lin = new List<TorchFileWriter.Entry>();
        int previous = 3;
        for (int l = 0; l < 5; l++)
        {
            int o = channels[l], k = Kernels[l], fanIn = previous * k * k;
            float bound = 1.5f / MathF.Sqrt(fanIn);
            var w = new float[o * fanIn];
            for (int i = 0; i < w.Length; i++) w[i] = (float)(rng.NextDouble() * 2 - 1) * bound;
            var b = new float[o];
            for (int i = 0; i < o; i++) b[i] = (float)(rng.NextDouble() * 0.1);
            alex.Add(new($"features.{LpipsWeights.FeatureIndices[l]}.weight", [o, previous, k, k], w));
            alex.Add(new($"features.{LpipsWeights.FeatureIndices[l]}.bias", [o], b));
            var v = new float[o];
            for (int i = 0; i < o; i++) v[i] = (float)rng.NextDouble();
            lin.Add(new($"lin{l}.model.1.weight", [1, o, 1, 1], v));
            previous = o;
        }
        alex.Add(new("classifier.1.weight", [4, 2], new float[8]));
        return (alex, lin);
    }

    /// <summary>Writes both files (zip format) into <paramref name="folder"/> under their real names and loads them.</summary>
    public static LpipsWeights WriteAndLoad(string folder, int[] channels, int seed)
    {
        var (alex, lin) = Make(channels, seed);
        Directory.CreateDirectory(folder);
        TorchFileWriter.WriteZip(Path.Combine(folder, LpipsWeights.AlexNetFile), alex);
        TorchFileWriter.WriteZip(Path.Combine(folder, LpipsWeights.LinearFile), lin);
        return LpipsWeights.Load(Path.Combine(folder, LpipsWeights.AlexNetFile), Path.Combine(folder, LpipsWeights.LinearFile));
    }

    /// <summary>A smooth random image in [0, 1] (sums of sinusoids), planar [3, H, W].</summary>
    public static float[] Image(int width, int height, int seed)
    {
        var rng = new Random(seed);
        var img = new float[3 * width * height];
        for (int c = 0; c < 3; c++)
        {
            double fx = 0.05 + 0.3 * rng.NextDouble(), fy = 0.05 + 0.3 * rng.NextDouble(), ph = 6 * rng.NextDouble();
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    img[(c * height + y) * width + x] = (float)(0.5 + 0.3 * Math.Sin(fx * x + fy * y + ph) + 0.15 * (rng.NextDouble() - 0.5));
        }
        return img;
    }
}
