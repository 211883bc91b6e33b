using System.Numerics;
using TalkingGaussian.Data;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Training.Sampling;

/// <summary>Hand-made frames for sampler tests: only the metrics the windows read are meaningful.</summary>
internal static class SamplingFrames
{
    private static readonly Camera AnyCamera = Camera.LookAt(new Vector3(0, 0, 1), Vector3.Zero, Vector3.UnitY, 0.5f, 8, 8);

    public static TalkingFrame Frame(int id, int opening = 0, float blink = 0, float au25 = 0) => new()
    {
        Split = DatasetSplit.Train,
        Index = id,
        ImgId = id,
        Camera = AnyCamera,
        TransformMatrix = new double[4, 4],
        Landmarks = null!,
        Lips = default,
        MouthOpening = opening,
        Blink = blink,
        Au25 = [au25, 0, 0, 0, 0],
        Expression = new float[6],
    };

    /// <summary>Frames with mouth openings <paramref name="openings"/> (and blink = index / count).</summary>
    public static TalkingFrame[] Openings(params int[] openings) =>
        openings.Select((o, i) => Frame(i, opening: o, blink: i / (float)openings.Length, au25: i)).ToArray();
}
