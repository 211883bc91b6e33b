namespace TalkingGaussian.Gaussians;

/// <summary>The two ways Gaussians are laid out in a PLY file.</summary>
public enum GaussianPlyLayout
{
    /// <summary>
    /// This package's own layout: raw parameters bit-for-bit, SH in the field's [K, 3] order, SH degrees and the
    /// scale activation in <c>comment tg_*</c> header lines. Round-trips a <see cref="PersistentGaussianField"/> exactly.
    /// </summary>
    Native,

    /// <summary>
    /// The standard 3DGS layout viewers open: x y z nx ny nz f_dc_* f_rest_* opacity scale_* rot_*, log scales,
    /// logit opacity, f_rest channel-major (all R coefficients, then G, then B).
    /// </summary>
    Standard,
}
