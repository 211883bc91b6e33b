using TalkingGaussian.Gaussians;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Training;

/// <summary>
/// Finds the Gaussians that learned the green training background (original-code.md §3.5): each Gaussian's SH colour at
/// the active degree, seen from the current frame's camera along its undeformed mean, against
/// <see cref="GreenBackgroundGaussians"/>' thresholds. Buffers are reused.
/// </summary>
public sealed class GreenGaussianFinder
{
    private float[] _colors = [];
    private bool[] _marked = [];
    private int _count;

    /// <summary>The marks of the last <see cref="Mark"/>, one per Gaussian.</summary>
    public ReadOnlySpan<bool> Marked => _marked.AsSpan(0, _count);

    /// <summary>Marks the background-green Gaussians of <paramref name="field"/> seen from <paramref name="camera"/>; returns how many.</summary>
    public int Mark(PersistentGaussianField field, Camera camera, GreenBackgroundGaussians.Thresholds thresholds)
    {
        int n = field.Count, k = field.ShCoefficients;
        if (_colors.Length < 3 * n) _colors = new float[3 * n];
        if (_marked.Length < n) _marked = new bool[n];
        _count = n;
        var c = camera.Center;
        for (int i = 0; i < n; i++)
        {
            var (r, g, b) = SphericalHarmonics.Evaluate(field.Sh.AsSpan(3 * k * i, 3 * k), field.ActiveShDegree,
                field.Means[3 * i] - c.X, field.Means[3 * i + 1] - c.Y, field.Means[3 * i + 2] - c.Z);
            _colors[3 * i] = r;
            _colors[3 * i + 1] = g;
            _colors[3 * i + 2] = b;
        }
        return GreenBackgroundGaussians.Mark(_colors.AsSpan(0, 3 * n), thresholds, _marked.AsSpan(0, n));
    }
}
