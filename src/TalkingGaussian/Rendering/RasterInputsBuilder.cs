using System.Numerics;

namespace TalkingGaussian.Rendering;

/// <summary>
/// Builds <see cref="RasterInputs"/> one Gaussian at a time, with precomputed colours: for small hand-made scenes
/// (a notebook's three Gaussians, a test's two). Quaternions are normalised on the way in.
/// </summary>
public sealed class RasterInputsBuilder
{
    private readonly List<float> _means = [], _scales = [], _rotations = [], _opacities = [], _colors = [];

    /// <summary>Number of Gaussians added so far.</summary>
    public int Count => _opacities.Count;

    /// <summary>Adds Gaussian (μ, s, q, α, colour); s must be positive, α in (0, 1], colour in [0, 1].</summary>
    public RasterInputsBuilder Add(Vector3 mean, Vector3 scale, Quaternion rotation, float opacity, Vector3 color)
    {
        if (!(scale.X > 0 && scale.Y > 0 && scale.Z > 0))
            throw new ArgumentOutOfRangeException(nameof(scale), $"Scales must be positive, got {scale}.");
        if (!(opacity > 0 && opacity <= 1)) throw new ArgumentOutOfRangeException(nameof(opacity), $"Opacity must lie in (0, 1], got {opacity}.");
        if (rotation.Length() < 1e-6f) throw new ArgumentException("The rotation quaternion is zero.", nameof(rotation));
        var q = Quaternion.Normalize(rotation);
        _means.AddRange([mean.X, mean.Y, mean.Z]);
        _scales.AddRange([scale.X, scale.Y, scale.Z]);
        _rotations.AddRange([q.W, q.X, q.Y, q.Z]);
        _opacities.Add(opacity);
        _colors.AddRange([color.X, color.Y, color.Z]);
        return this;
    }

    /// <summary>The Gaussians added, as rasterizer inputs.</summary>
    public RasterInputs Build() => new()
    {
        Count = Count,
        Means = [.. _means],
        Scales = [.. _scales],
        Rotations = [.. _rotations],
        Opacities = [.. _opacities],
        Colors = [.. _colors],
    };
}
