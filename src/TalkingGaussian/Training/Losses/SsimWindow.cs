namespace TalkingGaussian.Training.Losses;

/// <summary>
/// The constants of the released SSIM (shared/reference/original-code.md §8): an 11-tap Gaussian window with σ = 1.5,
/// normalised to sum 1, whose 2D form is the outer product g·gᵀ; zero padding of <see cref="Radius"/> keeps the image size;
/// the stabilisers C1 = 0.01² and C2 = 0.03² (Wang et al. 2004 with K1 = 0.01, K2 = 0.03 and dynamic range 1).
/// </summary>
public static class SsimWindow
{
    /// <summary>Taps of the 1D window.</summary>
    public const int Size = 11;

    /// <summary>Taps on each side of the centre, and the zero padding of the convolution.</summary>
    public const int Radius = Size / 2;

    /// <summary>Standard deviation of the Gaussian, in pixels.</summary>
    public const double Sigma = 1.5;

    /// <summary>C1 = (0.01·1)², stabilises the luminance term.</summary>
    public const float C1 = 0.01f * 0.01f;

    /// <summary>C2 = (0.03·1)², stabilises the contrast-structure term.</summary>
    public const float C2 = 0.03f * 0.03f;

    private static readonly double[] Weights = Build();
    private static readonly float[] WeightsSingle = Array.ConvertAll(Weights, w => (float)w);

    /// <summary>g[k] = exp(−(k − 5)²/(2σ²)) / Σ, k = 0…10, in double.</summary>
    public static ReadOnlySpan<double> Taps => Weights;

    /// <summary>The same taps rounded to float32, as the kernels use them.</summary>
    public static ReadOnlySpan<float> TapsSingle => WeightsSingle;

    private static double[] Build()
    {
        var g = new double[Size];
        double sum = 0;
        for (int k = 0; k < Size; k++) sum += g[k] = Math.Exp(-(k - Radius) * (k - Radius) / (2 * Sigma * Sigma));
        for (int k = 0; k < Size; k++) g[k] /= sum;
        return g;
    }
}
