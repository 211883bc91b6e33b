using TalkingGaussian.Training;

namespace TalkingGaussian.Tests.Training;

public sealed class PerceptualTermsTests
{
    private const int W = 48, H = 40;

    [Fact]
    public void A_crop_goes_to_the_loss_and_its_gradient_comes_back_to_the_crop_pixels()
    {
        var loss = new RecordingLoss(minimumSide: 8);
        var terms = new PerceptualTerms(loss);
        var (image, target) = (Ramp(0.01f), Ramp(0.02f));
        var gradient = new float[3 * W * H];

        float d = terms.Crop(image, target, W, H, x: 5, y: 7, w: 10, h: 9, weight: 0.5f, gradient);

        Assert.Equal((10, 9), (loss.Width, loss.Height));
        Assert.Equal(0.5f * loss.LastDistance, d, 6);
        for (int c = 0; c < 3; c++)
        for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
        {
            bool inside = x is >= 5 and < 15 && y is >= 7 and < 16;
            float g = gradient[(c * H + y) * W + x];
            // The stand-in writes scale·(1 + the pixel's crop index) into each gradient value, so placement is checked too.
            float expected = inside ? 0.5f * (1 + (c * 9 + (y - 7)) * 10 + (x - 5)) : 0f;
            Assert.Equal(expected, g);
        }
    }

    [Fact]
    public void A_crop_smaller_than_the_loss_accepts_is_left_out()
    {
        var loss = new RecordingLoss(minimumSide: 31); // LPIPS-AlexNet's smallest side
        var terms = new PerceptualTerms(loss);
        var gradient = new float[3 * W * H];
        // 30 px wide, and a 40 px square clipped by the image border to 13 × 40.
        Assert.Equal(0f, terms.Crop(Ramp(0.1f), Ramp(0.2f), W, H, 0, 0, 30, 35, 1f, gradient));
        Assert.Equal(0f, terms.Crop(Ramp(0.1f), Ramp(0.2f), W, H, 35, 0, 40, 40, 1f, gradient));
        Assert.Equal(0, loss.Calls);
        Assert.All(gradient, g => Assert.Equal(0f, g));

        Assert.NotEqual(0f, terms.Crop(Ramp(0.1f), Ramp(0.2f), W, H, 0, 0, 31, 31, 1f, gradient));
        Assert.Equal(1, loss.Calls);
    }

    [Fact]
    public void The_patch_mean_averages_the_non_overlapping_patches()
    {
        var loss = new RecordingLoss(minimumSide: 1);
        var terms = new PerceptualTerms(loss);
        var gradient = new float[3 * W * H];
        float d = terms.PatchMean(Ramp(0.1f), Ramp(0.3f), W, H, p: 16, weight: 1f, gradient);
        Assert.Equal((W / 16) * (H / 16), loss.Calls); // 3 × 2 patches; the 8-row remainder is not scored
        Assert.Equal(loss.DistanceSum / loss.Calls, d, 5);
    }

    private static float[] Ramp(float step)
    {
        var a = new float[3 * W * H];
        for (int i = 0; i < a.Length; i++) a[i] = (i * step) % 1f;
        return a;
    }

    /// <summary>d = mean |image − target| + 1; records sizes and calls; gradient = scale·(1 + index).</summary>
    private sealed class RecordingLoss(int minimumSide) : IPerceptualLoss
    {
        public int Calls, Width, Height;
        public float LastDistance, DistanceSum;
        public string Name => "recording";
        public int MinimumSide => minimumSide;

        public float Distance(ReadOnlySpan<float> image, ReadOnlySpan<float> target, int width, int height, Span<float> gradient, float scale)
        {
            Calls++;
            (Width, Height) = (width, height);
            double sum = 0;
            for (int i = 0; i < image.Length; i++) sum += Math.Abs(image[i] - target[i]);
            for (int i = 0; i < gradient.Length; i++) gradient[i] += scale * (1 + i);
            LastDistance = (float)(sum / image.Length) + 1f;
            DistanceSum += LastDistance;
            return LastDistance;
        }
    }
}
