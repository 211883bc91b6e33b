using TalkingGaussian.Training.Losses;

namespace TalkingGaussian.Training;

/// <summary>
/// The LPIPS terms of the released trainers (original-code.md §5.1–5.3) on top of an <see cref="IPerceptualLoss"/>: on a
/// crop (the lips rectangle) and as the mean over non-overlapping p×p patches ("patchify"). Crops are copied into reused
/// buffers and their gradients added back.
/// </summary>
public sealed class PerceptualTerms(IPerceptualLoss loss)
{
    private float[] _a = [], _b = [], _g = [];

    /// <summary>The perceptual loss.</summary>
    public IPerceptualLoss Loss { get; } = loss;

    /// <summary>weight·d(crop of image, crop of target) for the w×h crop at (x, y); adds its gradient into <paramref name="gradient"/>.</summary>
    public float Crop(ReadOnlySpan<float> image, ReadOnlySpan<float> target, int width, int height, int x, int y, int w, int h,
        float weight, Span<float> gradient)
    {
        (x, y, w, h) = Clip(x, y, w, h, width, height);
        if (w < Math.Max(1, Loss.MinimumSide) || h < Math.Max(1, Loss.MinimumSide)) return 0f;
        Ensure(3 * w * h);
        var a = _a.AsSpan(0, 3 * w * h);
        var b = _b.AsSpan(0, 3 * w * h);
        var g = _g.AsSpan(0, 3 * w * h);
        Patches.Extract(image, 3, width, height, x, y, w, h, a);
        Patches.Extract(target, 3, width, height, x, y, w, h, b);
        g.Clear();
        float d = Loss.Distance(a, b, w, h, g, weight);
        Patches.AddBack(g, 3, width, height, x, y, w, h, gradient);
        return weight * d;
    }

    /// <summary>weight·mean over the p×p patches of d(patch of image, patch of target); adds the gradient.</summary>
    public float PatchMean(ReadOnlySpan<float> image, ReadOnlySpan<float> target, int width, int height, int p, float weight, Span<float> gradient)
    {
        int count = (width / p) * (height / p);
        if (count == 0) return 0f;
        float sum = 0;
        foreach (var (x, y) in Patches.Origins(width, height, p))
            sum += Crop(image, target, width, height, x, y, p, p, weight / count, gradient);
        return sum;
    }

    private static (int X, int Y, int W, int H) Clip(int x, int y, int w, int h, int width, int height)
    {
        int x1 = Math.Min(width, x + w), y1 = Math.Min(height, y + h);
        x = Math.Max(0, x);
        y = Math.Max(0, y);
        return (x, y, x1 - x, y1 - y);
    }

    private void Ensure(int n)
    {
        if (_a.Length >= n) return;
        _a = new float[n];
        _b = new float[n];
        _g = new float[n];
    }
}
