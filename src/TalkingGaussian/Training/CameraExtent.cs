using System.Numerics;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Training;

/// <summary>
/// The scene extent E of 3DGS (<c>getNerfppNorm</c>, original-code.md §1.2 item 10): 1.1 × the largest distance of a camera
/// centre from the cameras' mean centre. It scales the position learning rate and the densification size thresholds. For a
/// talking head the "cameras" are the head's poses seen from a fixed camera, so E is small and depends on how much the head
/// moves.
/// </summary>
public static class CameraExtent
{
    /// <summary>E of <paramref name="cameras"/>; a floor of 1e-6 keeps a perfectly still head usable.</summary>
    public static float Of(IEnumerable<Camera> cameras)
    {
        var centres = cameras.Select(c => c.Center).ToArray();
        if (centres.Length == 0) throw new ArgumentException("The camera extent needs at least one camera.", nameof(cameras));
        var mean = Vector3.Zero;
        foreach (var c in centres) mean += c;
        mean /= centres.Length;
        float max = 0;
        foreach (var c in centres) max = MathF.Max(max, Vector3.Distance(c, mean));
        return MathF.Max(1.1f * max, 1e-6f);
    }
}
