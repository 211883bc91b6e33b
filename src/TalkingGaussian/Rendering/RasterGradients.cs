namespace TalkingGaussian.Rendering;

/// <summary>
/// Gradients of a scalar loss with respect to the rasterizer inputs (same layouts as <see cref="RasterInputs"/>),
/// plus the screen-space mean gradients in NDC units (pixel gradient × (W/2, H/2)) that densification accumulates.
/// </summary>
public sealed class RasterGradients
{
    /// <summary>[N, 3] ∂L/∂μ (through projection, depth, covariance and the SH view direction).</summary>
    public float[] Means { get; internal set; } = [];

    /// <summary>[N, 2] ∂L/∂means2D in NDC units, as the original's dummy means2D tensor receives.</summary>
    public float[] Means2D { get; internal set; } = [];

    /// <summary>[N, 3] ∂L/∂s for the activated scales.</summary>
    public float[] Scales { get; internal set; } = [];

    /// <summary>[N, 4] ∂L/∂q for the quaternion as passed (no normalisation Jacobian).</summary>
    public float[] Rotations { get; internal set; } = [];

    /// <summary>[N] ∂L/∂α for the activated opacities.</summary>
    public float[] Opacities { get; internal set; } = [];

    /// <summary>[N, K, 3] ∂L/∂SH, or empty when colours were precomputed.</summary>
    public float[] Sh { get; internal set; } = [];

    /// <summary>[N, 3] ∂L/∂colour, or empty when SH was used.</summary>
    public float[] Colors { get; internal set; } = [];
}
