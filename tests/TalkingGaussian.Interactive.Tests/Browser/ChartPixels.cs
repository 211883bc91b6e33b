using TalkingGaussian.Media;

namespace TalkingGaussian.Interactive.Tests.Browser;

/// <summary>Pixel statistics of a screenshot region, in 8-bit RGB.</summary>
internal static class ChartPixels
{
    /// <summary>plotly.js's default plot-area background (#E5ECF6).</summary>
    public static readonly (int R, int G, int B) PlotBackground = (229, 236, 246);

    /// <summary>plotly.js's first trace colour (#636EFA).</summary>
    public static readonly (int R, int G, int B) FirstTrace = (99, 110, 250);

    /// <summary>Pixels in [x0, x1) × [y0, y1) within <paramref name="tolerance"/> of <paramref name="color"/> on every channel.</summary>
    public static int Count(PlanarImage shot, (int R, int G, int B) color, int x0, int y0, int x1, int y1, int tolerance = 4)
    {
        int n = 0;
        for (int y = y0; y < Math.Min(y1, shot.Height); y++)
            for (int x = x0; x < Math.Min(x1, shot.Width); x++)
                if (Near(shot, x, y, color, tolerance)) n++;
        return n;
    }

    /// <summary>Fraction of pixels in the region that are not white (a blank page is all white).</summary>
    public static double NonWhiteFraction(PlanarImage shot, int x0, int y0, int x1, int y1)
    {
        int n = 0, total = 0;
        for (int y = y0; y < Math.Min(y1, shot.Height); y++)
            for (int x = x0; x < Math.Min(x1, shot.Width); x++, total++)
                if (!Near(shot, x, y, (255, 255, 255), 6)) n++;
        return total == 0 ? 0 : n / (double)total;
    }

    private static bool Near(PlanarImage shot, int x, int y, (int R, int G, int B) c, int tolerance) =>
        Math.Abs(Byte(shot[0, y, x]) - c.R) <= tolerance &&
        Math.Abs(Byte(shot[1, y, x]) - c.G) <= tolerance &&
        Math.Abs(Byte(shot[2, y, x]) - c.B) <= tolerance;

    private static int Byte(float v) => (int)MathF.Round(v * 255f);
}
