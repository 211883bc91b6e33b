namespace TalkingGaussian.Training.Losses;

/// <summary>
/// The photometric terms of paper Eq. 9–11 for one image pair, as the released code computes them
/// (shared/reference/original-code.md §5, §8): <paramref name="L1"/> = mean |x − y| over the 3·H·W values and
/// <paramref name="DSsim"/> = 1 − SSIM, SSIM averaged over channels and pixels.
/// </summary>
public readonly record struct PhotometricLossValue(float L1, float DSsim)
{
    /// <summary>L1 + λ·D-SSIM, with λ = <paramref name="ssimWeight"/> (0.2 in the paper and the released scripts).</summary>
    public float Total(float ssimWeight) => L1 + ssimWeight * DSsim;
}
