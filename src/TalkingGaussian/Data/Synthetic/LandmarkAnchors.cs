using System.Numerics;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Data.Synthetic;

/// <summary>
/// The 68 iBUG landmarks of the synthetic head as 3D anchors on its surface (head frame), moved by the same motion
/// model as the Gaussians and projected by the frame's camera. Point order follows iBUG: 0–16 jaw line from the
/// image-left side, 17–26 brows, 27–35 nose, 36–47 eyes, 48–59 outer lips, 60–67 inner lips.
/// </summary>
public static class LandmarkAnchors
{
    private readonly record struct Anchor(Vector3 Rest, MotionGroup Group, bool EyeTop = false);

    private static readonly Anchor[] Anchors = Create();

    /// <summary>The 68 anchors in <paramref name="state"/> (head frame).</summary>
    public static Vector3[] Positions(FaceState state)
    {
        var result = new Vector3[FaceLandmarks.Count];
        for (int i = 0; i < result.Length; i++)
        {
            var a = Anchors[i];
            if (a.EyeTop)
            {
                // The top of the eye opening follows the lid down to the lower lid.
                float y = a.Rest.Y - state.EyeClosure * (HeadGeometry.EyeHalfHeight * 0.8f + (a.Rest.Y - HeadGeometry.EyeY));
                result[i] = a.Rest with { Y = y };
            }
            else
            {
                result[i] = FaceDeformation.Position(a.Rest, a.Group, state);
            }
        }
        return result;
    }

    /// <summary>The landmarks of <paramref name="state"/> seen by <paramref name="camera"/> (x = column, y = row).</summary>
    public static FaceLandmarks Project(FaceState state, Camera camera)
    {
        var xy = new float[2 * FaceLandmarks.Count];
        var positions = Positions(state);
        for (int i = 0; i < positions.Length; i++)
        {
            var (x, y, _) = camera.Project(positions[i]);
            xy[2 * i] = x;
            xy[2 * i + 1] = y;
        }
        return new FaceLandmarks(xy);
    }

    private static Anchor OnFace(float x, float y, MotionGroup group = MotionGroup.Head, float lift = 0.001f) =>
        new(new Vector3(x, y, HeadGeometry.SurfaceZ(x, y) + lift), group);

    private static Anchor[] Create()
    {
        var a = new List<Anchor>(68);
        // 0–16: jaw line, image-left (x < 0) round the chin to image-right.
        for (int k = 0; k <= 16; k++)
        {
            float phi = MathF.PI * k / 16;
            float x = -0.068f * MathF.Cos(phi), y = 0.006f - 0.091f * MathF.Sin(phi);
            var p = new Vector3(x, y, MathF.Max(HeadGeometry.SurfaceZ(x, y), 0.028f));
            a.Add(new Anchor(p, y < HeadGeometry.MouthY ? MotionGroup.LowerFace : MotionGroup.Head));
        }
        // 17–21 image-left brow (outer to inner), 22–26 image-right brow (inner to outer).
        float[] browAx = [0.043f, 0.036f, 0.029f, 0.022f, 0.015f];
        foreach (var ax in browAx) a.Add(OnFace(-ax, BrowY(ax), MotionGroup.Brow));
        foreach (var ax in browAx.Reverse()) a.Add(OnFace(ax, BrowY(ax), MotionGroup.Brow));
        // 27–30 nose bridge to tip, 31–35 nostril row.
        foreach (var y in new[] { 0.012f, 0.0f, -0.011f, -0.021f }) a.Add(OnFace(0, y, lift: 0.004f + 0.012f * Math.Clamp(-y / 0.02f + 0.5f, 0, 1)));
        foreach (var x in new[] { -0.011f, -0.0055f, 0f, 0.0055f, 0.011f }) a.Add(OnFace(x, -0.027f, lift: 0.007f));
        // 36–41 image-left eye: outer corner, two top, inner corner, two bottom. 42–47 image-right eye: inner, top, outer, bottom.
        AddEye(a, -1);
        AddEye(a, +1);
        // 48–59 outer lip: left corner, upper lip to the right corner, lower lip back.
        float my = HeadGeometry.MouthY, hw = HeadGeometry.MouthHalfWidth;
        a.Add(OnFace(-hw, my, lift: 0.0025f));
        foreach (var x in new[] { -0.014f, -0.006f, 0f, 0.006f, 0.014f }) a.Add(OnFace(x, UpperOuter(x), MotionGroup.UpperLip, 0.0025f));
        a.Add(OnFace(hw, my, lift: 0.0025f));
        foreach (var x in new[] { 0.014f, 0.006f, 0f, -0.006f, -0.014f }) a.Add(OnFace(x, LowerOuter(x), MotionGroup.LowerFace, 0.0025f));
        // 60–67 inner lip: left corner, three upper, right corner, three lower.
        a.Add(OnFace(-0.019f, my, lift: 0.0025f));
        foreach (var x in new[] { -0.008f, 0f, 0.008f }) a.Add(OnFace(x, my + 0.0004f, MotionGroup.UpperLip, 0.0025f));
        a.Add(OnFace(0.019f, my, lift: 0.0025f));
        foreach (var x in new[] { 0.008f, 0f, -0.008f }) a.Add(OnFace(x, my - 0.0004f, MotionGroup.LowerFace, 0.0025f));
        return a.ToArray();
    }

    private static void AddEye(List<Anchor> a, int side)
    {
        float cx = side * HeadGeometry.EyeX, cy = HeadGeometry.EyeY, hw = HeadGeometry.EyeHalfWidth, top = cy + HeadGeometry.EyeHalfHeight * 0.8f, bottom = cy - HeadGeometry.EyeHalfHeight * 0.8f;
        Anchor Top(float x) => OnFace(x, top) with { EyeTop = true };
        // iBUG order for either eye: image-left corner, two top points, image-right corner, two bottom points right to left.
        a.Add(OnFace(cx - hw, cy));
        a.Add(Top(cx - 0.004f));
        a.Add(Top(cx + 0.004f));
        a.Add(OnFace(cx + hw, cy));
        a.Add(OnFace(cx + 0.004f, bottom));
        a.Add(OnFace(cx - 0.004f, bottom));
    }

    private static float BrowY(float ax) => HeadGeometry.BrowY + 0.004f * (1 - MathF.Pow((ax - 0.03f) / 0.016f, 2));

    private static float UpperOuter(float x) => HeadGeometry.MouthY + 0.0006f + 0.0015f + 0.0065f * MathF.Sqrt(HeadGeometry.LipProfile(x));

    private static float LowerOuter(float x) => HeadGeometry.MouthY - 0.0006f - 0.002f - 0.0075f * MathF.Sqrt(HeadGeometry.LipProfile(x));
}
