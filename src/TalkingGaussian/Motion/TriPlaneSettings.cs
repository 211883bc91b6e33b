namespace TalkingGaussian.Motion;

/// <summary>
/// Settings of the tri-plane grid encoder H (paper §3.2, "tri-plane hash encoder"): three 2D multi-resolution grids over
/// the xy, yz and xz planes, each with <see cref="Levels"/> levels of <see cref="FeaturesPerLevel"/> features.
/// Level ℓ has scale s_ℓ = b^ℓ·H − 1 (b = <see cref="PerLevelScale"/>, H = <see cref="BaseResolution"/>); b may be below 1,
/// as the released mouth configuration has (original-code.md §4.1, §10.7).
/// </summary>
/// <param name="Levels">L, levels per plane (12 released).</param>
/// <param name="FeaturesPerLevel">C, features per level (1 released).</param>
/// <param name="BaseResolution">H, level-0 resolution (16 face, 64 mouth).</param>
/// <param name="PerLevelScale">b, resolution growth per level; (desired/H)^(1/(L−1)).</param>
/// <param name="Log2HashmapSize">Cap of entries per level is 2^this (17 released).</param>
/// <param name="Bound">Positions in [−bound, bound]³ are encoded; outside a plane's square its features and gradients are 0.</param>
public sealed record TriPlaneSettings(
    int Levels,
    int FeaturesPerLevel,
    int BaseResolution,
    double PerLevelScale,
    int Log2HashmapSize,
    float Bound)
{
    /// <summary>The face field's encoder H^F: L = 12, C = 1, H = 16, desired resolution 256 × 0.15 = 38.4, bound 0.15.</summary>
    public static TriPlaneSettings Face => FromDesiredResolution(12, 1, 16, 256 * 0.15, 17, 0.15f);

    /// <summary>The mouth field's encoder H^M: H = 64, desired resolution 384 × 0.15 = 57.6 (so b ≈ 0.99047 &lt; 1).</summary>
    public static TriPlaneSettings Mouth => FromDesiredResolution(12, 1, 64, 384 * 0.15, 17, 0.15f);

    /// <summary>b = 2^(log2(desired/H)/(L−1)), as the released encoder computes it (in double precision).</summary>
    public static TriPlaneSettings FromDesiredResolution(int levels, int featuresPerLevel, int baseResolution,
        double desiredResolution, int log2HashmapSize, float bound) =>
        new(levels, featuresPerLevel, baseResolution,
            levels > 1 ? Math.Pow(2, Math.Log2(desiredResolution / baseResolution) / (levels - 1)) : 1.0,
            log2HashmapSize, bound);

    /// <summary>Output width of the encoder: 3 planes × L × C (36 released).</summary>
    public int OutputDimension => 3 * Levels * FeaturesPerLevel;

    /// <summary>Throws if a value is out of range.</summary>
    public void Validate()
    {
        if (Levels < 1) throw new ArgumentOutOfRangeException(nameof(Levels), Levels, "At least one level is needed.");
        if (FeaturesPerLevel < 1) throw new ArgumentOutOfRangeException(nameof(FeaturesPerLevel), FeaturesPerLevel, "At least one feature per level is needed.");
        if (BaseResolution < 1) throw new ArgumentOutOfRangeException(nameof(BaseResolution), BaseResolution, "Base resolution must be positive.");
        if (!(PerLevelScale > 0)) throw new ArgumentOutOfRangeException(nameof(PerLevelScale), PerLevelScale, "Per-level scale must be positive.");
        if (Log2HashmapSize is < 4 or > 26) throw new ArgumentOutOfRangeException(nameof(Log2HashmapSize), Log2HashmapSize, "log2 hashmap size must lie in [4, 26].");
        if (!(Bound > 0)) throw new ArgumentOutOfRangeException(nameof(Bound), Bound, "Bound must be positive.");
    }
}
