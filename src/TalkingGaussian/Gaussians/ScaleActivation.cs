namespace TalkingGaussian.Gaussians;

/// <summary>How raw scale parameters become positive scales.</summary>
public enum ScaleActivation
{
    /// <summary>s = log(1 + eʳ): what the released TalkingGaussian code uses (original-code.md §10.1).</summary>
    Softplus,
    /// <summary>s = eʳ: standard 3DGS, and the convention of standard 3DGS PLY files.</summary>
    Exp,
}
