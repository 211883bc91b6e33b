namespace TalkingGaussian.Rendering;

/// <summary>
/// Images of one forward pass, planar and row-major: colour [3, H, W], the opacity image A(x) [H, W] of the paper,
/// and alpha-weighted view depth Σ zᵢα̃ᵢTᵢ [H, W] (not normalised by A, as the original).
/// Owned by the rasterizer that produced it and overwritten by its next forward pass.
/// </summary>
public sealed class RasterOutput
{
    /// <summary>Image width.</summary>
    public int Width { get; internal set; }

    /// <summary>Image height.</summary>
    public int Height { get; internal set; }

    /// <summary>[3, H, W] colour C(x) = Σ cᵢα̃ᵢTᵢ + T_final·bg (Eq. 2).</summary>
    public float[] Color { get; internal set; } = [];

    /// <summary>[H, W] opacity A(x) = Σ α̃ᵢTᵢ = 1 − T_final.</summary>
    public float[] Alpha { get; internal set; } = [];

    /// <summary>[H, W] Σ zᵢα̃ᵢTᵢ with zᵢ the view depth of Gaussian i.</summary>
    public float[] Depth { get; internal set; } = [];

    /// <summary>[N] integer screen radius of each Gaussian; 0 for culled ones (densification reads it).</summary>
    public int[] Radii { get; internal set; } = [];
}
