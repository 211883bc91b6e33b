namespace TalkingGaussian.Rendering;

/// <summary>
/// Eq. 2 for one pixel, written out: every Gaussian the rasterizer would visit at (x, y), in its front-to-back order,
/// with 𝒢, α̃, T and the weight α̃T, plus the resulting colour C(x) and opacity A(x) = 1 − T_final. Uses the same
/// projection and blending code as the kernels (<see cref="Projection"/>, <see cref="Compositing"/>), so the totals
/// equal the rendered pixel. Gaussians need precomputed <see cref="RasterInputs.Colors"/>.
/// </summary>
public sealed class PixelCompositingTrace
{
    private PixelCompositingTrace(IReadOnlyList<PixelContribution> steps, (float R, float G, float B) color, float alpha)
    {
        Steps = steps;
        Color = color;
        Alpha = alpha;
    }

    /// <summary>The Gaussians visited, front to back (the pixel stops early when T would fall below its epsilon).</summary>
    public IReadOnlyList<PixelContribution> Steps { get; }

    /// <summary>C(x) = Σ cᵢα̃ᵢTᵢ + T_final·background.</summary>
    public (float R, float G, float B) Color { get; }

    /// <summary>A(x) = Σ α̃ᵢTᵢ = 1 − T_final.</summary>
    public float Alpha { get; }

    /// <summary>Traces pixel (<paramref name="x"/>, <paramref name="y"/>) of <paramref name="gaussians"/> seen by <paramref name="camera"/>.</summary>
    public static PixelCompositingTrace At(RasterInputs gaussians, Camera camera, int x, int y, RasterSettings? settings = null)
    {
        settings ??= new RasterSettings();
        gaussians.Validate();
        var colors = gaussians.Colors ?? throw new ArgumentException(
            "PixelCompositingTrace reads precomputed RasterInputs.Colors; evaluate the SH colours first or set Colors.", nameof(gaussians));
        if (x < 0 || y < 0 || x >= camera.Width || y >= camera.Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"Pixel ({x}, {y}) lies outside the {camera.Width}×{camera.Height} image.");
        var pp = new ProjectionParams(camera, settings);
        var bp = new BlendParams(camera, settings);
        int tileX = x / RasterSettings.TileSize, tileY = y / RasterSettings.TileSize;

        // The Gaussians binned to this pixel's tile, sorted by depth as the rasterizer does (stable for ties).
        var visible = new List<(int Index, Splat Splat)>();
        for (int i = 0; i < gaussians.Count; i++)
        {
            int radius = Projection.Forward(pp, gaussians.Means[3 * i], gaussians.Means[3 * i + 1], gaussians.Means[3 * i + 2],
                gaussians.Scales[3 * i], gaussians.Scales[3 * i + 1], gaussians.Scales[3 * i + 2],
                gaussians.Rotations[4 * i], gaussians.Rotations[4 * i + 1], gaussians.Rotations[4 * i + 2], gaussians.Rotations[4 * i + 3],
                out var s, out var rect);
            if (radius == 0 || tileX < rect.MinX || tileX >= rect.MaxX || tileY < rect.MinY || tileY >= rect.MaxY) continue;
            (s.R, s.G, s.B) = (colors[3 * i], colors[3 * i + 1], colors[3 * i + 2]);
            s.Opacity = gaussians.Opacities[i];
            s.PowerFloor = Projection.PowerFloor(s.Opacity, pp.MinAlpha);
            visible.Add((i, s));
        }

        var steps = new List<PixelContribution>();
        var acc = PixelAccumulator.Start;
        foreach (var (index, splat) in visible.OrderBy(v => v.Splat.Depth))
        {
            if (acc.Done) break;
            float before = acc.T;
            float alpha = Compositing.Alpha(splat, x, y, bp.AlphaCap, bp.MinAlpha, out float gauss, out _, out _);
            Compositing.Blend(ref acc, splat, x, y, bp);
            float weight = acc.Done ? 0f : before - acc.T;
            steps.Add(new PixelContribution(index, splat.Depth, gauss, acc.Done ? 0f : alpha, before, weight));
        }
        var color = (acc.R + acc.T * bp.BgR, acc.G + acc.T * bp.BgG, acc.B + acc.T * bp.BgB);
        return new PixelCompositingTrace(steps, color, 1f - acc.T);
    }
}
