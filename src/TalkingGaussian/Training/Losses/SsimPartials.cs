namespace TalkingGaussian.Training.Losses;

/// <summary>
/// k·∂S/∂μx, k·∂S/∂Sxx, k·∂S/∂Sxy at one pixel (k = ∂loss/∂S), or their filtered sums: the three maps the transposed
/// convolution of the SSIM backward pass carries (<see cref="ReferencePhotometricLoss"/> derives them).
/// </summary>
public struct SsimPartials
{
    public float Mean, XX, XY;
}
