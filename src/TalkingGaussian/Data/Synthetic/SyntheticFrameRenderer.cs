using TalkingGaussian.Media;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Data.Synthetic;

/// <summary>
/// Renders the synthetic head with the package's rasterizer (<see cref="IGaussianRasterizer"/>): once with its shaded
/// colours, then twice with one-hot class colours as precomputed colours (face, hair, mouth | teeth, neck, torso), all
/// three from one posed geometry. Each pixel's class is the one with the largest accumulated weight Σα̃T, or background
/// when 1 − A is larger. Not thread-safe (one rasterizer); use one renderer per thread.
/// </summary>
public sealed class SyntheticFrameRenderer(SyntheticHead head, PlanarImage background, IGaussianRasterizer rasterizer) : IDisposable
{
    private readonly float[] _shaded = head.ShadedColors();
    private readonly float[] _classA = OneHot(head, SyntheticClass.Face, SyntheticClass.Hair, SyntheticClass.Mouth);
    private readonly float[] _classB = OneHot(head, SyntheticClass.Teeth, SyntheticClass.Neck, SyntheticClass.Torso);
    private static readonly RasterSettings Black = new();

    /// <summary>Renders <paramref name="state"/> seen by <paramref name="camera"/>; <paramref name="withClasses"/> false skips the class passes.</summary>
    public SyntheticFrame Render(FaceState state, Camera camera, bool withClasses = true)
    {
        int w = camera.Width, h = camera.Height, n = w * h;
        if (background.Width != w || background.Height != h) throw new ArgumentException($"Background is {background.Width}×{background.Height}, camera {w}×{h}.");
        var posed = head.Pose(state, _shaded);
        var output = rasterizer.Forward(posed, camera, Black);
        var image = new PlanarImage(w, h, 3);
        var alpha = (float[])output.Alpha.Clone();
        for (int c = 0; c < 3; c++)
        {
            var dst = image.Channel(c);
            var bc = background.Channel(c);
            for (int i = 0; i < n; i++) dst[i] = output.Color[c * n + i] + (1 - alpha[i]) * bc[i];
        }
        var classes = new sbyte[n];
        if (!withClasses) return new SyntheticFrame(image, classes);
        var best = new float[n];
        for (int i = 0; i < n; i++)
        {
            best[i] = 1 - alpha[i];
            classes[i] = -1;
        }
        posed.Colors = _classA;
        Accumulate(rasterizer.Forward(posed, camera, Black).Color, n, 0, best, classes);
        posed.Colors = _classB;
        Accumulate(rasterizer.Forward(posed, camera, Black).Color, n, 3, best, classes);
        return new SyntheticFrame(image, classes);
    }

    private static void Accumulate(float[] color, int n, int firstClass, float[] best, sbyte[] classes)
    {
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < n; i++)
            {
                float v = color[c * n + i];
                if (v > best[i])
                {
                    best[i] = v;
                    classes[i] = (sbyte)(firstClass + c);
                }
            }
    }

    private static float[] OneHot(SyntheticHead head, SyntheticClass r, SyntheticClass g, SyntheticClass b)
    {
        var colors = new float[3 * head.Count];
        for (int i = 0; i < head.Count; i++)
        {
            colors[3 * i] = head.Classes[i] == r ? 1 : 0;
            colors[3 * i + 1] = head.Classes[i] == g ? 1 : 0;
            colors[3 * i + 2] = head.Classes[i] == b ? 1 : 0;
        }
        return colors;
    }

    /// <summary>Disposes the rasterizer.</summary>
    public void Dispose() => rasterizer.Dispose();
}
