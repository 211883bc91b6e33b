using TalkingGaussian.Gaussians;

namespace TalkingGaussian.Rendering;

/// <summary>
/// Host-side checks run before any kernel: a bad size or setting must surface as an exception that names the problem,
/// never as an out-of-range index inside a kernel (which kills the process on the CPU accelerator).
/// </summary>
internal static class RasterValidation
{
    public static void CheckForward(RasterInputs inputs, Camera camera, RasterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(settings);
        if (inputs.Count < 0) throw new ArgumentException($"RasterInputs.Count must be ≥ 0, got {inputs.Count}.");
        inputs.Validate();
        if (inputs.Colors is null && inputs.ShDegree > SphericalHarmonics.MaxDegree)
            throw new ArgumentException($"SH degree {inputs.ShDegree} is not supported; use 0–{SphericalHarmonics.MaxDegree}.");
        if (!(settings.AlphaCap > 0f && settings.AlphaCap < 1f))
            throw new ArgumentException($"RasterSettings.AlphaCap must lie in (0, 1) so that 1 − α̃ stays invertible, got {settings.AlphaCap}.");
        if (!(settings.MinAlpha >= 0f)) throw new ArgumentException($"RasterSettings.MinAlpha must be ≥ 0, got {settings.MinAlpha}.");
        if (!(settings.TransmittanceEpsilon >= 0f))
            throw new ArgumentException($"RasterSettings.TransmittanceEpsilon must be ≥ 0, got {settings.TransmittanceEpsilon}.");
        if (!(settings.ScaleModifier > 0f)) throw new ArgumentException($"RasterSettings.ScaleModifier must be > 0, got {settings.ScaleModifier}.");
        if (!(settings.RadiusSigmas > 0f)) throw new ArgumentException($"RasterSettings.RadiusSigmas must be > 0, got {settings.RadiusSigmas}.");
        if (!(settings.LowPassFilter >= 0f)) throw new ArgumentException($"RasterSettings.LowPassFilter must be ≥ 0, got {settings.LowPassFilter}.");
        if (float.IsNaN(settings.NearCull)) throw new ArgumentException("RasterSettings.NearCull is NaN.");
        if ((long)camera.Width * camera.Height > 1 << 26)
            throw new ArgumentException($"Image {camera.Width}×{camera.Height} is too large (at most 64 Mpixel).");
        if (settings.NeededPixels is { } needed && needed.Length != camera.Width * camera.Height)
            throw new ArgumentException(
                $"RasterSettings.NeededPixels holds {needed.Length} flags; the camera's {camera.Width}×{camera.Height} image needs one per pixel ({camera.Width * camera.Height}), or null for all.");
    }

    public static void CheckBackward(int width, int height, ReadOnlySpan<float> dColor, ReadOnlySpan<float> dAlpha, ReadOnlySpan<float> dDepth, bool haveForward)
    {
        if (!haveForward) throw new InvalidOperationException("Backward needs a Forward pass first on the same rasterizer.");
        int n = width * height;
        if (dColor.Length != 3 * n)
            throw new ArgumentException($"dColor has {dColor.Length} floats; the last forward pass was {width}×{height} and needs 3·H·W = {3 * n}.");
        if (!dAlpha.IsEmpty && dAlpha.Length != n)
            throw new ArgumentException($"dAlpha has {dAlpha.Length} floats; it must be empty or H·W = {n}.");
        if (!dDepth.IsEmpty && dDepth.Length != n)
            throw new ArgumentException($"dDepth has {dDepth.Length} floats; it must be empty or H·W = {n}.");
    }

    /// <summary>Returns <paramref name="a"/> if it has exactly <paramref name="length"/> elements, else a new array.</summary>
    public static T[] Exact<T>(T[] a, int length) => a.Length == length ? a : new T[length];

    /// <summary>Returns <paramref name="a"/> if it has at least <paramref name="length"/> elements, else a larger one.</summary>
    public static T[] AtLeast<T>(T[] a, int length) => a.Length >= length ? a : new T[Math.Max(length, a.Length * 3 / 2)];
}
