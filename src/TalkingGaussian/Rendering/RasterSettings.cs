namespace TalkingGaussian.Rendering;

/// <summary>
/// The named constants of the rasterizer. Defaults are those of the rasterizer TalkingGaussian ships
/// (shared/reference/original-code.md §7); gsplat, for example, caps alpha at 0.999 instead.
/// </summary>
public sealed record RasterSettings
{
    /// <summary>Tile edge in pixels; binning and the kernels assume 16.</summary>
    public const int TileSize = 16;

    /// <summary>Background colour (r, g, b) composited with the final transmittance: C += T_final·bg.</summary>
    public (float R, float G, float B) Background { get; init; } = (0f, 0f, 0f);

    /// <summary>Upper clamp on α̃ = α·G (Eq. 2); keeps 1 − α̃ invertible for the backward pass. Default 0.99.</summary>
    public float AlphaCap { get; init; } = 0.99f;

    /// <summary>Contributions with α̃ below this are skipped. Default 1/255.</summary>
    public float MinAlpha { get; init; } = 1f / 255f;

    /// <summary>A pixel stops (this Gaussian not blended) when T·(1 − α̃) would fall below this. Default 1e-4.</summary>
    public float TransmittanceEpsilon { get; init; } = 1e-4f;

    /// <summary>Gaussians with view depth z ≤ this are culled. Default 0.2 (hard-coded in the original).</summary>
    public float NearCull { get; init; } = 0.2f;

    /// <summary>Low-pass term added to the diagonal of Σ2D (EWA anti-aliasing). Default 0.3 px².</summary>
    public float LowPassFilter { get; init; } = 0.3f;

    /// <summary>Multiplies every scale before the covariance is built. Default 1.</summary>
    public float ScaleModifier { get; init; } = 1f;

    /// <summary>Screen radius in standard deviations: r = ceil(k·√λmax). Default 3.</summary>
    public float RadiusSigmas { get; init; } = 3f;

    /// <summary>
    /// The pixels whose values the caller reads, row-major [H, W]; null: all of them. A rasterizer may leave the others
    /// empty (background colour, alpha 0): <see cref="Cpu.SimdRasterizer"/> skips the 16×16 tiles without a needed pixel,
    /// the kernels and the reference render everything. The backward pass treats a skipped tile as empty, so gradients are
    /// those of the full render whenever the upstream gradients of the pixels not needed are zero (the face stage's
    /// attention map, of which the regularisers read the lips box and the hair).
    /// </summary>
    public bool[]? NeededPixels { get; init; }

    /// <summary>The training background of the original (green).</summary>
    public static RasterSettings GreenBackground => new() { Background = (0f, 1f, 0f) };
}
