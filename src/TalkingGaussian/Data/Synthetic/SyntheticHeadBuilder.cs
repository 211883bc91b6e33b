using System.Numerics;

namespace TalkingGaussian.Data.Synthetic;

/// <summary>
/// Builds the procedural head of <see cref="SyntheticHead"/>: skull skin, hair, ears, nose, eyes with lids, brows,
/// lips, inner mouth, tongue, teeth, neck and torso, as flattened Gaussians with baked Lambert shading.
/// Deterministic for a seed (the seed only jitters sizes and colours slightly).
/// </summary>
public sealed class SyntheticHeadBuilder
{
    private static readonly Vector3 Light = Vector3.Normalize(new Vector3(0.3f, 0.5f, 0.8f));
    private static readonly Vector3 SkinColor = new(0.86f, 0.66f, 0.55f);
    private static readonly Vector3 HairColor = new(0.16f, 0.1f, 0.07f);
    private static readonly Vector3 LipColor = new(0.74f, 0.36f, 0.37f);
    private static readonly Vector3 ShirtColor = new(0.22f, 0.33f, 0.58f);

    private readonly Random _rng;
    private readonly List<Vector3> _means = [], _scales = [], _colors = [];
    private readonly List<(float, float, float, float)> _rotations = [];
    private readonly List<float> _opacities = [];
    private readonly List<SyntheticClass> _classes = [];
    private readonly List<MotionGroup> _groups = [];

    private SyntheticHeadBuilder(int seed) => _rng = new Random(seed);

    /// <summary>Builds the head. <paramref name="detail"/> scales the number of surface Gaussians (1 = about 7,000 in all).</summary>
    public static SyntheticHead Build(int seed, float detail = 1f)
    {
        var b = new SyntheticHeadBuilder(seed);
        b.AddSkull(detail);
        b.AddHair(detail);
        b.AddEars();
        b.AddNose();
        b.AddEye(-1);
        b.AddEye(+1);
        b.AddBrow(-1);
        b.AddBrow(+1);
        b.AddMouth();
        b.AddNeck();
        b.AddTorso(detail);
        return new SyntheticHead(b._means, b._scales, b._rotations, b._opacities, b._colors, b._classes, b._groups);
    }

    private void Add(Vector3 p, Vector3 scale, Vector3 normal, Vector3 albedo, float opacity, SyntheticClass cls, MotionGroup group, bool shade = true)
    {
        float jitter = 1 + 0.06f * (float)(_rng.NextDouble() - 0.5);
        float lambert = shade ? 0.55f + 0.45f * MathF.Max(0, Vector3.Dot(Vector3.Normalize(normal), Light)) : 1f;
        _means.Add(p);
        _scales.Add(scale * jitter);
        _rotations.Add(PoseMath.FacingZ(normal));
        _opacities.Add(opacity);
        _colors.Add(Vector3.Clamp(albedo * lambert * (1 + 0.04f * (float)(_rng.NextDouble() - 0.5)), Vector3.Zero, Vector3.One));
        _classes.Add(cls);
        _groups.Add(group);
    }

    /// <summary>Unit directions spread evenly over the sphere (Fibonacci lattice).</summary>
    private static IEnumerable<Vector3> Sphere(int n)
    {
        float golden = MathF.PI * (3 - MathF.Sqrt(5));
        for (int i = 0; i < n; i++)
        {
            float y = 1 - 2 * (i + 0.5f) / n;
            float r = MathF.Sqrt(1 - y * y);
            yield return new Vector3(MathF.Cos(golden * i) * r, y, MathF.Sin(golden * i) * r);
        }
    }

    private static (Vector3 P, Vector3 N) OnEllipsoid(Vector3 u, Vector3 centre, Vector3 radii) =>
        (centre + u * radii, Vector3.Normalize(u / radii));

    private static float SurfaceZ(float x, float y) => HeadGeometry.SurfaceZ(x, y);

    private void AddSkull(float detail)
    {
        var radii = new Vector3(HeadGeometry.Rx, HeadGeometry.Ry, HeadGeometry.Rz);
        var centre = new Vector3(0, HeadGeometry.CentreY, 0);
        foreach (var u in Sphere((int)(3200 * detail)))
        {
            var (p, n) = OnEllipsoid(u, centre, radii);
            // The mouth opening: no skin in front of the inner mouth (the lips cover it when closed).
            float mx = p.X / 0.025f, my = (p.Y - HeadGeometry.MouthY) / 0.0095f;
            if (p.Z > 0 && mx * mx + my * my < 1) continue;
            float s = 0.0042f / MathF.Sqrt(detail);
            // Below the mouth line the skin is soft tissue pulled by the jaw (MouthField says how far).
            Add(p, new Vector3(s, s, s * 0.3f), n, SkinColor, 0.97f, SyntheticClass.Face, p.Y < HeadGeometry.MouthY ? MotionGroup.LowerFace : MotionGroup.Head);
        }
    }

    private void AddHair(float detail)
    {
        var radii = new Vector3(HeadGeometry.Rx, HeadGeometry.Ry, HeadGeometry.Rz) * 1.07f;
        var centre = new Vector3(0, HeadGeometry.CentreY + 0.004f, -0.004f);
        foreach (var u in Sphere((int)(2400 * detail)))
        {
            var (p, n) = OnEllipsoid(u, centre, radii);
            float back = Math.Clamp(-u.Z, 0f, 1f);
            float hairline = 0.048f - 0.095f * back - 0.02f * MathF.Abs(u.X) * (1 - back);
            if (p.Y - HeadGeometry.CentreY < hairline) continue;
            float s = 0.0058f / MathF.Sqrt(detail);
            Add(p, new Vector3(s, s, s * 0.35f), n, HairColor, 0.98f, SyntheticClass.Hair, MotionGroup.Head);
        }
    }

    private void AddEars()
    {
        foreach (var side in new[] { -1f, 1f })
            foreach (var u in Sphere(70))
            {
                var (p, n) = OnEllipsoid(u, new Vector3(side * 0.076f, 0.006f, -0.008f), new Vector3(0.006f, 0.02f, 0.012f));
                Add(p, new Vector3(0.003f, 0.003f, 0.001f), n, SkinColor * 0.95f, 0.97f, SyntheticClass.Face, MotionGroup.Head);
            }
    }

    private void AddNose()
    {
        float baseZ = SurfaceZ(0, -0.008f);
        var centre = new Vector3(0, -0.008f, baseZ - 0.003f);
        foreach (var u in Sphere(160))
        {
            if (u.Z < 0) continue;
            var (p, n) = OnEllipsoid(u, centre, new Vector3(0.009f, 0.02f, 0.014f));
            Add(p, new Vector3(0.0026f, 0.0026f, 0.0008f), n, SkinColor * new Vector3(1f, 0.96f, 0.95f), 0.97f, SyntheticClass.Face, MotionGroup.Head);
        }
        foreach (var side in new[] { -1f, 1f })
        {
            var p = new Vector3(side * 0.0055f, -0.026f, SurfaceZ(0, -0.026f) + 0.007f);
            Add(p, new Vector3(0.0024f, 0.0014f, 0.0008f), new Vector3(0, -0.6f, 0.8f), new Vector3(0.3f, 0.18f, 0.16f), 0.9f, SyntheticClass.Face, MotionGroup.Head, shade: false);
        }
    }

    private void AddEye(int side)
    {
        float cx = side * HeadGeometry.EyeX, cy = HeadGeometry.EyeY;
        float z = SurfaceZ(cx, cy);
        var n = new Vector3(cx / (HeadGeometry.Rx * HeadGeometry.Rx), (cy - HeadGeometry.CentreY) / (HeadGeometry.Ry * HeadGeometry.Ry), z / (HeadGeometry.Rz * HeadGeometry.Rz));
        // Sclera: an almond of overlapping flat Gaussians, widest in the middle.
        for (int i = -4; i <= 4; i++)
        {
            float u = i / 4.5f;
            float x = cx + u * HeadGeometry.EyeHalfWidth * 0.85f;
            float h = HeadGeometry.EyeHalfHeight * 0.62f * MathF.Sqrt(1 - u * u);
            Add(new Vector3(x, cy, SurfaceZ(x, cy) + 0.0015f), new Vector3(0.0016f, MathF.Max(h, 0.0008f), 0.0005f), n, new Vector3(0.95f, 0.94f, 0.9f), 0.95f, SyntheticClass.Face, MotionGroup.Head, shade: false);
        }
        Add(new Vector3(cx, cy - 0.0004f, z + 0.0024f), new Vector3(0.0034f, 0.0034f, 0.0006f), n, new Vector3(0.28f, 0.2f, 0.12f), 0.98f, SyntheticClass.Face, MotionGroup.Head, shade: false);
        Add(new Vector3(cx, cy - 0.0004f, z + 0.0028f), new Vector3(0.0015f, 0.0015f, 0.0005f), n, new Vector3(0.03f, 0.03f, 0.03f), 0.98f, SyntheticClass.Face, MotionGroup.Head, shade: false);
        // Upper lid: rests above the eye and slides down to close it.
        for (int i = -3; i <= 3; i++)
        {
            float x = cx + i * 0.0032f;
            float y = cy + FaceDeformation.LidOpenOffset;
            Add(new Vector3(x, y, SurfaceZ(x, cy) + 0.0034f), new Vector3(0.0034f, FaceDeformation.LidOpenScale, 0.0008f), n, SkinColor * 0.93f, 0.99f, SyntheticClass.Face, MotionGroup.Lid);
        }
        // Lash line along the lower lid.
        for (int i = -2; i <= 2; i++)
        {
            float x = cx + i * 0.004f;
            Add(new Vector3(x, cy - HeadGeometry.EyeHalfHeight, SurfaceZ(x, cy) + 0.002f), new Vector3(0.003f, 0.0007f, 0.0005f), n, SkinColor * 0.7f, 0.8f, SyntheticClass.Face, MotionGroup.Head, shade: false);
        }
    }

    private void AddBrow(int side)
    {
        for (int i = 0; i < 8; i++)
        {
            float ax = 0.015f + i * 0.0038f;
            float x = side * ax;
            float y = HeadGeometry.BrowY + 0.004f * (1 - MathF.Pow((ax - 0.03f) / 0.016f, 2));
            Add(new Vector3(x, y, SurfaceZ(x, y) + 0.0016f), new Vector3(0.0034f, 0.0013f, 0.0008f), new Vector3(0, 0, 1), new Vector3(0.2f, 0.13f, 0.09f), 0.95f, SyntheticClass.Face, MotionGroup.Brow, shade: false);
        }
    }

    private void AddMouth()
    {
        float my = HeadGeometry.MouthY, hw = HeadGeometry.MouthHalfWidth;
        // Inner mouth: a dark wall behind the lips, tall enough to fill the widest opening (upper lip up 6 mm, lower lip
        // down 24 mm); skin and lips hide it when the mouth is closed.
        for (float x = -0.026f; x <= 0.026f; x += 0.003f)
            for (float y = my - 0.032f; y <= my + 0.0115f; y += 0.003f)
                Add(new Vector3(x, y, SurfaceZ(x, y) - 0.006f), new Vector3(0.0028f, 0.0028f, 0.0008f), new Vector3(0, 0, 1), new Vector3(0.3f, 0.07f, 0.09f), 0.99f, SyntheticClass.Mouth, MotionGroup.Head, shade: false);
        // Tongue: behind the lower teeth, its top just above them. Tongue and lower teeth follow the lower lip's line
        // (the soft-tissue field at their height), so the lip in front always covers them where it is lower.
        for (float x = -0.012f; x <= 0.012f; x += 0.003f)
        {
            float ty = my - 0.0015f;
            Add(new Vector3(x, ty, SurfaceZ(x, ty) - 0.0045f), new Vector3(0.0035f, 0.0028f, 0.001f), new Vector3(0, 0.5f, 0.9f), new Vector3(0.72f, 0.32f, 0.34f), 0.99f, SyntheticClass.Mouth, MotionGroup.LowerFace, shade: false);
        }
        // Teeth: the upper row is fixed to the skull, the lower row drops with the lower lip; closed, they meet behind the lips.
        for (float x = -0.015f; x <= 0.0151f; x += 0.0025f)
        {
            Add(new Vector3(x, my + 0.0025f, SurfaceZ(x, my) - 0.0012f), new Vector3(0.0013f, 0.0022f, 0.0006f), new Vector3(0, 0, 1), new Vector3(0.96f, 0.95f, 0.9f), 0.99f, SyntheticClass.Teeth, MotionGroup.Head, shade: false);
            Add(new Vector3(x, my - 0.0015f, SurfaceZ(x, my) - 0.0014f), new Vector3(0.0013f, 0.002f, 0.0006f), new Vector3(0, 0, 1), new Vector3(0.93f, 0.92f, 0.87f), 0.99f, SyntheticClass.Teeth, MotionGroup.LowerFace, shade: false);
        }
        // Lips: bands above and below the mouth line, thickest at the centre.
        for (float x = -hw; x <= hw + 1e-4f; x += 0.002f)
        {
            float profile = MathF.Sqrt(HeadGeometry.LipProfile(x));
            for (int row = 0; row < 4; row++)
            {
                float f = (row + 0.5f) / 4;
                float yu = my + 0.0006f + f * (0.0015f + 0.0065f * profile);
                float yl = my - 0.0006f - f * (0.002f + 0.0075f * profile);
                var colour = LipColor * (row == 0 ? 0.8f : 1f);
                Add(new Vector3(x, yu, SurfaceZ(x, yu) + 0.0025f), new Vector3(0.0018f, 0.0016f, 0.0007f), new Vector3(0, 0.3f, 1), colour, 0.99f, SyntheticClass.Face, MotionGroup.UpperLip);
                Add(new Vector3(x, yl, SurfaceZ(x, yl) + 0.0025f), new Vector3(0.0018f, 0.0016f, 0.0007f), new Vector3(0, -0.2f, 1), colour, 0.99f, SyntheticClass.Face, MotionGroup.LowerFace);
            }
        }
    }

    private void AddNeck()
    {
        for (int row = 0; row < 16; row++)
        {
            float y = -0.055f - row * 0.0085f;
            for (int k = 0; k < 28; k++)
            {
                float a = 2 * MathF.PI * k / 28;
                var n = new Vector3(MathF.Cos(a), 0, MathF.Sin(a));
                var p = new Vector3(0.05f * n.X, y, -0.016f + 0.045f * n.Z);
                Add(p, new Vector3(0.0075f, 0.0075f, 0.0022f), n, SkinColor * 0.9f, 0.98f, SyntheticClass.Neck, MotionGroup.Body);
            }
        }
    }

    private void AddTorso(float detail)
    {
        var centre = new Vector3(0, -0.25f, -0.02f);
        var radii = new Vector3(0.2f, 0.09f, 0.095f);
        foreach (var u in Sphere((int)(1400 * detail)))
        {
            var (p, n) = OnEllipsoid(u, centre, radii);
            if (p.Y < -0.4f) continue;
            float s = 0.011f / MathF.Sqrt(detail);
            Add(p, new Vector3(s, s, s * 0.3f), n, ShirtColor, 0.99f, SyntheticClass.Torso, MotionGroup.Body);
        }
    }
}
