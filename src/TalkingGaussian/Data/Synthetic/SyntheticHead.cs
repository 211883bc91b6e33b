using System.Numerics;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Data.Synthetic;

/// <summary>
/// The synthetic speaker's Gaussians in their rest pose (head frame), each with a colour, a parsing class and a motion
/// group; <see cref="Pose"/> applies a <see cref="FaceState"/> and returns rasterizer inputs in the head frame (the
/// dataset's world). Built by <see cref="SyntheticHeadBuilder"/>.
/// </summary>
public sealed class SyntheticHead
{
    internal SyntheticHead(List<Vector3> means, List<Vector3> scales, List<(float W, float X, float Y, float Z)> rotations,
        List<float> opacities, List<Vector3> colors, List<SyntheticClass> classes, List<MotionGroup> groups)
    {
        Count = means.Count;
        Means = means.ToArray();
        Scales = scales.ToArray();
        Rotations = rotations.ToArray();
        Opacities = opacities.ToArray();
        Colors = colors.ToArray();
        Classes = classes.ToArray();
        Groups = groups.ToArray();
    }

    /// <summary>Number of Gaussians.</summary>
    public int Count { get; }

    /// <summary>Rest means (head frame; body Gaussians in the studio frame, which equals the head frame at rest).</summary>
    public Vector3[] Means { get; }

    /// <summary>Scales (metres, activated).</summary>
    public Vector3[] Scales { get; }

    /// <summary>Unit quaternions (w, x, y, z).</summary>
    public (float W, float X, float Y, float Z)[] Rotations { get; }

    /// <summary>Opacities in (0, 1).</summary>
    public float[] Opacities { get; }

    /// <summary>RGB colours with baked shading.</summary>
    public Vector3[] Colors { get; }

    /// <summary>Parsing class of each Gaussian.</summary>
    public SyntheticClass[] Classes { get; }

    /// <summary>Motion group of each Gaussian.</summary>
    public MotionGroup[] Groups { get; }

    /// <summary>
    /// The Gaussians in <paramref name="state"/>, in the head frame: face motion applied (stretching Gaussians carried with
    /// the motion's Jacobian, <see cref="CovarianceWarp"/>), and the body moved by the inverse head motion (it stays still in
    /// the studio while the head moves). Colours are <paramref name="colors"/> ([N, 3], used as given, not copied), default
    /// a fresh copy of the shaded RGB.
    /// </summary>
    public RasterInputs Pose(FaceState state, float[]? colors = null)
    {
        var studioToHead = state.HeadMotion.Inverse();
        var qBody = PoseMath.ToQuaternion(studioToHead);
        var inputs = new RasterInputs
        {
            Count = Count,
            Means = new float[3 * Count],
            Scales = new float[3 * Count],
            Rotations = new float[4 * Count],
            Opacities = (float[])Opacities.Clone(),
            Colors = colors ?? ShadedColors(),
        };
        float lidScale = FaceDeformation.LidScaleY(state.EyeClosure);
        for (int i = 0; i < Count; i++)
        {
            var p = Means[i];
            var s = Scales[i];
            var q = Rotations[i];
            var group = Groups[i];
            switch (group)
            {
                case MotionGroup.Body:
                    p = studioToHead.Apply(p);
                    q = PoseMath.Multiply(qBody, q);
                    break;
                case MotionGroup.Lid:
                    p = FaceDeformation.Position(p, group, state);
                    s = s with { Y = s.Y * lidScale / FaceDeformation.LidOpenScale };
                    break;
                default:
                    if (FaceDeformation.Jacobian(p, group, state) is { } j) (s, q) = CovarianceWarp.Apply(s, q, j);
                    p = FaceDeformation.Position(p, group, state);
                    break;
            }
            inputs.Means[3 * i] = p.X; inputs.Means[3 * i + 1] = p.Y; inputs.Means[3 * i + 2] = p.Z;
            inputs.Scales[3 * i] = s.X; inputs.Scales[3 * i + 1] = s.Y; inputs.Scales[3 * i + 2] = s.Z;
            inputs.Rotations[4 * i] = q.W; inputs.Rotations[4 * i + 1] = q.X; inputs.Rotations[4 * i + 2] = q.Y; inputs.Rotations[4 * i + 3] = q.Z;
        }
        return inputs;
    }

    /// <summary>The shaded RGB colours as an [N, 3] array.</summary>
    public float[] ShadedColors()
    {
        var c = new float[3 * Count];
        for (int i = 0; i < Count; i++) { c[3 * i] = Colors[i].X; c[3 * i + 1] = Colors[i].Y; c[3 * i + 2] = Colors[i].Z; }
        return c;
    }
}
