namespace TalkingGaussian.Rendering;

/// <summary>
/// Activated per-Gaussian inputs of the rasterizer, as flat row-major arrays (N = <see cref="Count"/>):
/// what the original passes to its CUDA op after the activations (softplus/exp scale, sigmoid opacity,
/// normalised quaternion). Colour comes either from SH coefficients or from precomputed per-Gaussian RGB.
/// </summary>
public sealed class RasterInputs
{
    /// <summary>Number of Gaussians N.</summary>
    public int Count { get; set; }

    /// <summary>[N, 3] world-space means μ.</summary>
    public float[] Means { get; set; } = [];

    /// <summary>[N, 3] activated scales s (positive).</summary>
    public float[] Scales { get; set; } = [];

    /// <summary>[N, 4] unit quaternions q = (w, x, y, z); not normalised again inside the rasterizer.</summary>
    public float[] Rotations { get; set; } = [];

    /// <summary>[N] activated opacities α ∈ (0, 1).</summary>
    public float[] Opacities { get; set; } = [];

    /// <summary>[N, K, 3] SH coefficients, K = (<see cref="ShDegree"/>+1)² stored per Gaussian; null when <see cref="Colors"/> is set.</summary>
    public float[]? Sh { get; set; }

    /// <summary>SH degree the coefficient array is laid out for (K = (ShDegree+1)²).</summary>
    public int ShDegree { get; set; }

    /// <summary>SH degree used for colour (≤ <see cref="ShDegree"/>); higher bands are ignored.</summary>
    public int ActiveShDegree { get; set; }

    /// <summary>[N, 3] precomputed RGB, used instead of SH when set (attention maps render this way).</summary>
    public float[]? Colors { get; set; }

    /// <summary>Coefficients per channel K = (ShDegree+1)².</summary>
    public int ShCoefficients => (ShDegree + 1) * (ShDegree + 1);

    /// <summary>Checks array lengths against <see cref="Count"/>; throws with the array's name on a mismatch.</summary>
    public void Validate()
    {
        Check(Means, 3, nameof(Means));
        Check(Scales, 3, nameof(Scales));
        Check(Rotations, 4, nameof(Rotations));
        Check(Opacities, 1, nameof(Opacities));
        if (Colors is null && Sh is null) throw new ArgumentException("RasterInputs needs either Sh or Colors.");
        if (Colors is not null) Check(Colors, 3, nameof(Colors));
        else Check(Sh!, 3 * ShCoefficients, nameof(Sh));
        if (ActiveShDegree < 0 || ActiveShDegree > ShDegree)
            throw new ArgumentException($"ActiveShDegree {ActiveShDegree} must lie in [0, {ShDegree}].");
    }

    private void Check(float[] a, int stride, string name)
    {
        if (a.Length < Count * stride)
            throw new ArgumentException($"RasterInputs.{name} has {a.Length} floats; {Count} Gaussians need {Count * stride}.");
    }
}
