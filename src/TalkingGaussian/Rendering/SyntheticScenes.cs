using System.Numerics;
using TalkingGaussian.Gaussians;

namespace TalkingGaussian.Rendering;

/// <summary>
/// Seeded synthetic Gaussian scenes for tests, the benchmark and the demo: random clouds in front of a camera, and a small
/// stylised head. Everything is deterministic for a given seed.
/// </summary>
public static class SyntheticScenes
{
    /// <summary>A camera on +z at distance <paramref name="distance"/> looking at the origin, +y up in the image.</summary>
    public static Camera FrontCamera(int width, int height, float distance = 3f, float fovY = 0.87f) =>
        Camera.LookAt(new Vector3(0f, 0f, distance), Vector3.Zero, Vector3.UnitY, fovY, width, height);

    /// <summary>
    /// <paramref name="count"/> random Gaussians with means in the cube [−extent, extent]³ around the origin, scales log-uniform in
    /// [<paramref name="minScale"/>, <paramref name="maxScale"/>], random unit quaternions, opacities uniform in
    /// [<paramref name="minOpacity"/>, <paramref name="maxOpacity"/>], and SH of degree <paramref name="shDegree"/> (DC giving a
    /// colour in [0.1, 0.9], higher bands small) or, when <paramref name="precomputedColors"/>, RGB in [0, 1].
    /// </summary>
    public static RasterInputs RandomCloud(int count, int seed, int shDegree = 2, bool precomputedColors = false,
        float extent = 1f, float minScale = 0.004f, float maxScale = 0.03f, float minOpacity = 0.05f, float maxOpacity = 0.95f)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), "Gaussian count must be ≥ 0.");
        if (shDegree is < 0 or > SphericalHarmonics.MaxDegree) throw new ArgumentOutOfRangeException(nameof(shDegree), "SH degree must be 0–3.");
        var rng = new Random(seed);
        int k = SphericalHarmonics.CoefficientCount(shDegree);
        var g = new RasterInputs
        {
            Count = count,
            Means = new float[3 * count],
            Scales = new float[3 * count],
            Rotations = new float[4 * count],
            Opacities = new float[count],
            ShDegree = shDegree,
            ActiveShDegree = shDegree,
        };
        if (precomputedColors) g.Colors = new float[3 * count];
        else g.Sh = new float[3 * k * count];
        float logMin = MathF.Log(minScale), logMax = MathF.Log(maxScale);
        for (int i = 0; i < count; i++)
        {
            for (int a = 0; a < 3; a++)
            {
                g.Means[3 * i + a] = extent * (2f * rng.NextSingle() - 1f);
                g.Scales[3 * i + a] = MathF.Exp(logMin + (logMax - logMin) * rng.NextSingle());
            }
            RandomUnitQuaternion(rng, g.Rotations.AsSpan(4 * i, 4));
            g.Opacities[i] = minOpacity + (maxOpacity - minOpacity) * rng.NextSingle();
            for (int c = 0; c < 3; c++)
            {
                float rgb = 0.1f + 0.8f * rng.NextSingle();
                if (g.Colors is { } colors) colors[3 * i + c] = rgb;
                else
                {
                    g.Sh![3 * k * i + c] = (rgb - SphericalHarmonics.ColorOffset) / SphericalHarmonics.C0;
                    for (int j = 1; j < k; j++) g.Sh[3 * (k * i + j) + c] = 0.15f * (2f * rng.NextSingle() - 1f);
                }
            }
        }
        return g;
    }

    /// <summary>A uniformly random unit quaternion (w, x, y, z).</summary>
    public static void RandomUnitQuaternion(Random rng, Span<float> q)
    {
        float n;
        do
        {
            for (int j = 0; j < 4; j++) q[j] = 2f * rng.NextSingle() - 1f;
            n = MathF.Sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        } while (n < 0.1f || n > 1f);
        for (int j = 0; j < 4; j++) q[j] /= n;
    }

    /// <summary>
    /// A stylised head of about <paramref name="count"/> flat Gaussians facing +z (skin, hair, eyes, brows, nose, mouth, neck),
    /// coloured through the SH DC term with soft shading baked in; view it with <see cref="FrontCamera"/>.
    /// </summary>
    public static RasterInputs Head(int count = 20000, int seed = 7)
    {
        if (count < 100) throw new ArgumentOutOfRangeException(nameof(count), "The head needs at least 100 Gaussians.");
        var rng = new Random(seed);
        var pts = new List<(Vector3 P, Vector3 N, Vector3 Rgb, float Size, float Flat)>(count);
        var radii = new Vector3(0.78f, 1.0f, 0.82f);
        var skin = new Vector3(0.93f, 0.72f, 0.58f);
        var hair = new Vector3(0.28f, 0.16f, 0.09f);
        for (int i = 0; i < count; i++)
        {
            float u = rng.NextSingle();
            if (u < 0.08f)
            {
                // Neck: a cylinder below the head.
                float a = 2f * MathF.PI * rng.NextSingle(), y = -0.85f - 0.6f * rng.NextSingle();
                var n = new Vector3(MathF.Cos(a), 0f, MathF.Sin(a));
                pts.Add((new Vector3(0.38f * n.X, y, 0.38f * n.Z - 0.1f), n, skin * 0.85f, 0.05f, 0.3f));
                continue;
            }
            // A point on the ellipsoid with its normal.
            var d = Vector3.Normalize(new Vector3(Gauss(rng), Gauss(rng), Gauss(rng)));
            var p = d * radii;
            var normal = Vector3.Normalize(p / (radii * radii));
            bool isHair = p.Y > 0.35f - 0.25f * MathF.Max(0f, -normal.Z) || (normal.Z < -0.2f && p.Y > -0.55f);
            var rgb = isHair ? hair * (0.8f + 0.4f * rng.NextSingle()) : skin;
            float size = isHair ? 0.045f : 0.04f;
            if (isHair) p += normal * 0.04f;
            // Facial features on the front (+z) side.
            if (!isHair && normal.Z > 0.3f)
            {
                float ex = MathF.Abs(p.X) - 0.3f, ey = p.Y - 0.12f;
                float eye = ex * ex / 0.013f + ey * ey / 0.004f;
                if (eye < 1f)
                {
                    float iris = ex * ex + ey * ey;
                    rgb = iris < 0.0012f ? new Vector3(0.05f, 0.05f, 0.08f) : iris < 0.0035f ? new Vector3(0.2f, 0.45f, 0.75f) : new Vector3(0.97f, 0.97f, 0.95f);
                    size = 0.015f;
                    p += normal * 0.015f; // in front of the skin around it
                }
                else if (MathF.Abs(p.Y - 0.3f + 0.05f * ex * ex) < 0.03f && ex > -0.12f && ex < 0.13f)
                {
                    rgb = hair * 0.9f; // brows
                    size = 0.02f;
                    p += normal * 0.015f;
                }
                else if (MathF.Abs(p.X) < 0.22f && MathF.Abs(p.Y + 0.48f - 0.9f * p.X * p.X) < 0.045f)
                {
                    rgb = new Vector3(0.75f, 0.2f, 0.22f); // mouth
                    size = 0.018f;
                    p += normal * 0.012f;
                }
                else if (MathF.Abs(p.X) < 0.07f && p.Y > -0.25f && p.Y < 0.1f)
                {
                    p += normal * (0.12f * (1f - MathF.Abs(p.X) / 0.07f) * (0.1f - p.Y) / 0.35f); // nose ridge
                    rgb = skin * 0.97f;
                }
            }
            // Soft shading from a light up-left-front.
            float shade = 0.45f + 0.55f * MathF.Max(0f, Vector3.Dot(normal, Vector3.Normalize(new Vector3(-0.4f, 0.5f, 0.8f))));
            pts.Add((p, normal, rgb * shade, size * (0.7f + 0.6f * rng.NextSingle()), 0.25f));
        }

        int n_ = pts.Count;
        var g = new RasterInputs
        {
            Count = n_,
            Means = new float[3 * n_],
            Scales = new float[3 * n_],
            Rotations = new float[4 * n_],
            Opacities = new float[n_],
            Sh = new float[3 * n_],
            ShDegree = 0,
            ActiveShDegree = 0,
        };
        for (int i = 0; i < n_; i++)
        {
            var (p, nrm, rgb, size, flat) = pts[i];
            g.Means[3 * i] = p.X; g.Means[3 * i + 1] = p.Y; g.Means[3 * i + 2] = p.Z;
            g.Scales[3 * i] = size; g.Scales[3 * i + 1] = size; g.Scales[3 * i + 2] = size * flat;
            // Rotate local z onto the normal: q = normalise(1 + ẑ·n, ẑ × n).
            var q = Vector4.Normalize(new Vector4(-nrm.Y, nrm.X, 0f, 1f + nrm.Z + 1e-4f));
            g.Rotations[4 * i] = q.W; g.Rotations[4 * i + 1] = q.X; g.Rotations[4 * i + 2] = q.Y; g.Rotations[4 * i + 3] = q.Z;
            g.Opacities[i] = 0.85f;
            g.Sh[3 * i] = (rgb.X - SphericalHarmonics.ColorOffset) / SphericalHarmonics.C0;
            g.Sh[3 * i + 1] = (rgb.Y - SphericalHarmonics.ColorOffset) / SphericalHarmonics.C0;
            g.Sh[3 * i + 2] = (rgb.Z - SphericalHarmonics.ColorOffset) / SphericalHarmonics.C0;
        }
        return g;
    }

    private static float Gauss(Random rng) =>
        MathF.Sqrt(-2f * MathF.Log(1f - rng.NextSingle())) * MathF.Cos(2f * MathF.PI * rng.NextSingle());
}
