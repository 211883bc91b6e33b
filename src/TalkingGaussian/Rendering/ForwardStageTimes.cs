namespace TalkingGaussian.Rendering;

/// <summary>Stage timings of one forward pass, milliseconds.</summary>
public readonly record struct ForwardStageTimes(double Upload, double Preprocess, double Binning, double Gather, double Blend, double Download)
{
    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant(
        $"upload {Upload:F1}, preprocess {Preprocess:F1}, binning {Binning:F1}, gather {Gather:F1}, blend {Blend:F1}, download {Download:F1}");
}
