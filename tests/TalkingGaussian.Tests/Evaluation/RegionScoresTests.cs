using TalkingGaussian.Evaluation;
using TalkingGaussian.Tests.Training;

namespace TalkingGaussian.Tests.Evaluation;

public sealed class RegionScoresTests(TinySpeakerFixture fixture) : IClassFixture<TinySpeakerFixture>
{
    [Fact]
    public void Masked_psnr_counts_only_the_masked_pixels_in_every_channel()
    {
        // 2×2 image, 3 channels; the mask keeps pixels 0 and 3; errors there 0.1 (all channels) and 0.3 (channel 0 only).
        float[] a = [0.1f, 0, 0, 0.3f, /**/ 0.1f, 0.9f, 0.9f, 0, /**/ 0.1f, 0, 0, 0];
        float[] b = new float[12];
        bool[] mask = [true, false, false, true];
        double mse = (3 * 0.01 + 0.09) / 6;
        Assert.Equal(-10 * Math.Log10(mse), ImageMetrics.MaskedPsnr(a, b, mask), 5); // float inputs: 1e-5 dB
        Assert.True(double.IsNaN(ImageMetrics.MaskedPsnr(a, b, new bool[4])));
        Assert.Throws<ArgumentException>(() => ImageMetrics.MaskedPsnr(a, b, new bool[5]));
    }

    [Fact]
    public void Each_region_is_scored_against_the_frame_it_renders()
    {
        using var dataset = fixture.Open();
        var frames = dataset.Train.Frames.Where(f => f.MouthOpening > 0).Take(6).ToList();
        // The ground truth darkened by 0.1 inside the mouth only: the whole image and the lips box show some error, the mouth exactly 0.1.
        var scores = RegionScores.Measure(dataset, frames, (frame, images) =>
        {
            var image = (float[])images.GroundTruth.Pixels.Clone();
            int plane = dataset.Width * dataset.Height;
            for (int c = 0; c < 3; c++)
                for (int p = 0; p < plane; p++)
                    if (images.Masks.Mouth[p]) image[c * plane + p] -= 0.1f;
            return image;
        });
        Assert.Equal(frames.Select(f => f.ImgId), scores.ImgIds);
        for (int k = 0; k < frames.Count; k++)
        {
            if (double.IsNaN(scores.MouthPsnr[k])) continue; // a closed mouth has no mouth pixels
            Assert.Equal(20, scores.MouthPsnr[k], 3);          // −10·log10(0.01); float subtraction costs ~1e-6 relative
            Assert.True(scores.LipsPsnr[k] > 20 && scores.Psnr[k] > scores.LipsPsnr[k], $"frame {frames[k].ImgId}: {scores.Psnr[k]}, {scores.LipsPsnr[k]}");
        }
        Assert.Contains(scores.MouthPsnr, double.IsFinite);
    }
}
