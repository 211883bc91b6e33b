using System.Numerics;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Data.Synthetic;

/// <summary>
/// The synthetic speaker's Gaussians in their rest pose (head frame), each with a colour, a parsing class and a motion
/// group; <see cref="Pose(FaceState)"/> applies a <see cref="FaceState"/> and returns rasterizer inputs in the head frame (the
/// dataset's world). Built by <see cref="SyntheticHeadBuilder"/>.
/// </summary>
public sealed class SyntheticHead
{
    internal SyntheticHead(List<Vector3> means, List<Vector3> scales, List<(float W, float X, float Y, float Z)> rotations,
        List<float> opacities, List<Vector3> colors, List<SyntheticClass> classes, List<MotionGroup> groups, List<float> weights)
    {
        Count = means.Count;
        Means = means.ToArray();
        Scales = scales.ToArray();
        Rotations = rotations.ToArray();
        Opacities = opacities.ToArray();
        Colors = colors.ToArray();
        Classes = classes.ToArray();
        Groups = groups.ToArray();
        Weights = weights.ToArray();
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

    /// <summary>Motion weight of each Gaussian (share of the group's displacement).</summary>
    public float[] Weights { get; }

    /// <summary>
    /// The Gaussians in <paramref name="state"/>, in the head frame: face motion applied, and the body moved by the inverse
    /// head motion (it stays still in the studio while the head moves). Colours are the shaded RGB.
    /// </summary>
    public RasterInputs Pose(FaceState state) => Pose(state, Colors.Select(c => (c.X, c.Y, c.Z)).ToArray());

    /// <summary>As <see cref="Pose(FaceState)"/> with per-Gaussian colours <paramref name="colors"/> (e.g. class colours).</summary>
    public RasterInputs Pose(FaceState state, (float R, float G, float B)[] colors)
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
            Colors = new float[3 * Count],
        };
        float lidScale = FaceDeformation.LidScaleY(state.EyeClosure);
        for (int i = 0; i < Count; i++)
        {
            var p = Means[i];
            var s = Scales[i];
            var q = Rotations[i];
            switch (Groups[i])
            {
                case MotionGroup.Body:
                    p = studioToHead.Apply(p);
                    q = PoseMath.Multiply(qBody, q);
                    break;
                case MotionGroup.Lid:
                    p = FaceDeformation.Position(p, Groups[i], Weights[i], state);
                    s = s with { Y = s.Y * lidScale / FaceDeformation.LidOpenScale };
                    break;
                default:
                    p = FaceDeformation.Position(p, Groups[i], Weights[i], state);
                    break;
            }
            inputs.Means[3 * i] = p.X; inputs.Means[3 * i + 1] = p.Y; inputs.Means[3 * i + 2] = p.Z;
            inputs.Scales[3 * i] = s.X; inputs.Scales[3 * i + 1] = s.Y; inputs.Scales[3 * i + 2] = s.Z;
            inputs.Rotations[4 * i] = q.W; inputs.Rotations[4 * i + 1] = q.X; inputs.Rotations[4 * i + 2] = q.Y; inputs.Rotations[4 * i + 3] = q.Z;
            inputs.Colors![3 * i] = colors[i].R; inputs.Colors[3 * i + 1] = colors[i].G; inputs.Colors[3 * i + 2] = colors[i].B;
        }
        return inputs;
    }
}
