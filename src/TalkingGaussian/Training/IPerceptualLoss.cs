namespace TalkingGaussian.Training;

/// <summary>
/// The perceptual term of Eq. 11 behind a small seam: a differentiable distance between two RGB images (LPIPS in the
/// paper). The trainer crops the regions it scores (the lips rectangle, the p×p patches of the released scripts) and calls
/// it once per crop; without an implementation it trains without the term and says so.
/// </summary>
public interface IPerceptualLoss
{
    /// <summary>A short name for logs and settings, e.g. "lpips-alex-v0.1".</summary>
    string Name { get; }

    /// <summary>The smallest image side it accepts (LPIPS-AlexNet: 31); the trainer leaves smaller crops out.</summary>
    int MinimumSide { get; }

    /// <summary>
    /// d(<paramref name="image"/>, <paramref name="target"/>) for planar RGB [3, H, W] in [0, 1]. When
    /// <paramref name="gradient"/> is not empty, adds <paramref name="scale"/>·∂d/∂image into it (same layout).
    /// </summary>
    float Distance(ReadOnlySpan<float> image, ReadOnlySpan<float> target, int width, int height, Span<float> gradient, float scale);
}
