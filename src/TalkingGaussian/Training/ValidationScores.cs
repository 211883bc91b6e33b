using TalkingGaussian.Data;
using TalkingGaussian.Training.Losses;
using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Training;

/// <summary>
/// Held-out scores of what a stage has learned: per val frame the PSNR and SSIM of the image against its target and the
/// PSNR of the lips rectangle (landmarks 48–59), and their means. <see cref="Compared"/> says what was compared (a branch
/// against its masked target during the branch stages, the fused head against the frame afterwards).
/// </summary>
public sealed record ValidationScores(TrainingStage Stage, int Iteration, string Compared, int[] ImgIds, double[] Psnr, double[] Ssim, double[] LipsPsnr)
{
    /// <summary>Mean PSNR (dB).</summary>
    public double MeanPsnr => Mean(Psnr);

    /// <summary>Mean SSIM.</summary>
    public double MeanSsim => Mean(Ssim);

    /// <summary>Mean lips-rectangle PSNR (dB).</summary>
    public double MeanLipsPsnr => Mean(LipsPsnr);

    /// <summary>Scores <paramref name="runner"/>'s current result on <paramref name="frames"/>.</summary>
    public static ValidationScores Measure(IStageRunner runner, int iteration, TalkingDataset dataset, IReadOnlyList<TalkingFrame> frames, string compared)
    {
        int w = dataset.Width, h = dataset.Height;
        var image = new float[3 * w * h];
        var target = new float[3 * w * h];
        var ids = new int[frames.Count];
        var psnr = new double[frames.Count];
        var ssim = new double[frames.Count];
        var lips = new double[frames.Count];
        for (int k = 0; k < frames.Count; k++)
        {
            var frame = frames[k];
            runner.RenderForValidation(iteration, frame, dataset.Images(frame), image, target);
            ids[k] = frame.ImgId;
            psnr[k] = StageImages.Psnr(image, target);
            ssim[k] = Losses.Ssim.Mean(image, target, 3, w, h);
            lips[k] = LipsRectanglePsnr(image, target, w, h, frame.Lips);
        }
        return new ValidationScores(runner.Stage, iteration, compared, ids, psnr, ssim, lips);
    }

    /// <summary>PSNR over the lips rectangle's pixels, all three channels.</summary>
    public static double LipsRectanglePsnr(ReadOnlySpan<float> image, ReadOnlySpan<float> target, int width, int height, LipsRectangle lips)
    {
        var (x, y, w, h) = StageImages.Rectangle(lips, width, height);
        if (w == 0 || h == 0) return double.NaN;
        int plane = width * height;
        double sum = 0;
        for (int c = 0; c < 3; c++)
            for (int row = y; row < y + h; row++)
                for (int col = x; col < x + w; col++)
                {
                    int i = c * plane + row * width + col;
                    double d = image[i] - target[i];
                    sum += d * d;
                }
        double mse = sum / (3.0 * w * h);
        return mse <= 0 ? double.PositiveInfinity : -10 * Math.Log10(mse);
    }

    /// <summary><paramref name="count"/> frames spread evenly over <paramref name="frames"/> (all when count ≤ 0 or ≥ the split).</summary>
    public static IReadOnlyList<TalkingFrame> Spread(IReadOnlyList<TalkingFrame> frames, int count)
    {
        if (count <= 0 || count >= frames.Count) return frames;
        var picked = new TalkingFrame[count];
        for (int k = 0; k < count; k++) picked[k] = frames[(int)((k + 0.5) * frames.Count / count)];
        return picked;
    }

    private static double Mean(double[] v)
    {
        double s = 0;
        int n = 0;
        foreach (double x in v)
            if (double.IsFinite(x)) { s += x; n++; }
        return n == 0 ? double.NaN : s / n;
    }
}
