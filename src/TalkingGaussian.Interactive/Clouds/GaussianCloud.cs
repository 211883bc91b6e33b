using System.Globalization;
using TalkingGaussian.Interactive.Charts;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Interactive.Clouds;

/// <summary>
/// A Gaussian cloud as an interactive 3D scatter of its means μ, each dot in the Gaussian's colour
/// (precomputed RGB, or the view-independent SH band: c = 0.5 + C₀·f_dc, clamped to [0, 1]).
/// Large clouds are thinned to <c>maxPoints</c> with a fixed stride so the page stays light.
/// </summary>
public static class GaussianCloud
{
    /// <summary>C₀ = 1/(2√π), the degree-0 real spherical harmonic.</summary>
    public const float ShC0 = 0.28209479177387814f;

    /// <summary>Scatter of [N, 3] <paramref name="means"/> coloured by [N, 3] <paramref name="colors"/> in [0, 1].</summary>
    public static ChartView Show(ReadOnlySpan<float> means, ReadOnlySpan<float> colors, int count, string title = "Gaussian means",
        int maxPoints = 20000, double markerSize = 3)
    {
        if (count < 0 || means.Length < 3 * count)
            throw new ArgumentException($"means has {means.Length} floats; {count} Gaussians need {3 * count}.", nameof(means));
        if (colors.Length < 3 * count)
            throw new ArgumentException($"colors has {colors.Length} floats; {count} Gaussians need {3 * count}.", nameof(colors));
        int stride = Math.Max(1, (count + maxPoints - 1) / Math.Max(1, maxPoints));
        int shown = (count + stride - 1) / stride;
        var x = new double[shown];
        var y = new double[shown];
        var z = new double[shown];
        var css = new string[shown];
        for (int k = 0, i = 0; i < count; i += stride, k++)
        {
            x[k] = means[3 * i];
            y[k] = means[3 * i + 1];
            z[k] = means[3 * i + 2];
            css[k] = Css(colors[3 * i], colors[3 * i + 1], colors[3 * i + 2]);
        }
        string label = stride == 1 ? title : $"{title} (every {stride}th of {count})";
        return Chart.Scatter3D(x, y, z, css, label, markerSize);
    }

    /// <summary>Scatter of the Gaussians a rasterizer would draw: <see cref="RasterInputs.Colors"/>, else the SH DC band.</summary>
    public static ChartView Show(RasterInputs gaussians, string title = "Gaussian means", int maxPoints = 20000, double markerSize = 3)
    {
        gaussians.Validate();
        return Show(gaussians.Means, BaseColors(gaussians), gaussians.Count, title, maxPoints, markerSize);
    }

    /// <summary>[N, 3] colours: the precomputed ones, or 0.5 + C₀·f_dc from the SH coefficients.</summary>
    public static float[] BaseColors(RasterInputs gaussians)
    {
        if (gaussians.Colors is not null) return gaussians.Colors;
        int n = gaussians.Count, k = gaussians.ShCoefficients;
        var sh = gaussians.Sh!;
        var rgb = new float[3 * n];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < 3; c++)
                rgb[3 * i + c] = Math.Clamp(0.5f + ShC0 * sh[i * k * 3 + c], 0f, 1f);
        return rgb;
    }

    private static string Css(float r, float g, float b) =>
        string.Create(CultureInfo.InvariantCulture, $"rgb({Byte(r)},{Byte(g)},{Byte(b)})");

    private static int Byte(float v) => float.IsNaN(v) ? 0 : (int)(Math.Clamp(v, 0f, 1f) * 255f + 0.5f);
}
