using TalkingGaussian.Data;

namespace TalkingGaussian.Evaluation;

/// <summary>
/// Per-frame PSNR of rendered heads against the ground-truth frames over the whole image, the lips rectangle (landmarks
/// 48–59) and the inside mouth (the mouth mask: teeth and mouth cavity), and their means over frames: the regions where
/// the paper's Fig. 4 says one shared motion field fails.
/// </summary>
public sealed record RegionScores(int[] ImgIds, double[] Psnr, double[] LipsPsnr, double[] MouthPsnr)
{
    /// <summary>Mean PSNR over frames (dB).</summary>
    public double MeanPsnr => Mean(Psnr);

    /// <summary>Mean lips-rectangle PSNR (dB).</summary>
    public double MeanLipsPsnr => Mean(LipsPsnr);

    /// <summary>Mean inside-mouth PSNR over the frames whose mouth mask is not empty (dB).</summary>
    public double MeanMouthPsnr => Mean(MouthPsnr);

    /// <summary>Renders each of <paramref name="frames"/> with <paramref name="render"/> ([3, H, W] in [0, 1]) and scores it.</summary>
    public static RegionScores Measure(TalkingDataset dataset, IReadOnlyList<TalkingFrame> frames, Func<TalkingFrame, FrameImages, float[]> render)
    {
        int n = frames.Count, w = dataset.Width, h = dataset.Height;
        var ids = new int[n];
        var psnr = new double[n];
        var lips = new double[n];
        var mouth = new double[n];
        for (int k = 0; k < n; k++)
        {
            var frame = frames[k];
            var images = dataset.Images(frame);
            var image = render(frame, images);
            var gt = images.GroundTruth.Pixels;
            ids[k] = frame.ImgId;
            psnr[k] = ImageMetrics.Psnr(image, gt);
            lips[k] = ImageMetrics.LipsPsnr(image, gt, w, h, frame.Lips);
            mouth[k] = ImageMetrics.MaskedPsnr(image, gt, images.Masks.Mouth);
        }
        return new RegionScores(ids, psnr, lips, mouth);
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
