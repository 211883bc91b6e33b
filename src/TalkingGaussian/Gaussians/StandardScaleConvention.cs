namespace TalkingGaussian.Gaussians;

/// <summary>What the <c>scale_0..2</c> values of a standard-layout PLY mean.</summary>
public enum StandardScaleConvention
{
    /// <summary>scale = exp(scale_i): standard 3DGS, what viewers assume.</summary>
    Log,

    /// <summary>
    /// scale = softplus(scale_i): the released TalkingGaussian's own point_cloud.ply files, which store softplus
    /// pre-activations under the standard names (original-code.md §10.1), so viewers misread them.
    /// </summary>
    Softplus,
}
