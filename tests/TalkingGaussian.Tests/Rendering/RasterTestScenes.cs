using System.Numerics;
using TalkingGaussian.Gaussians;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Rendering;

/// <summary>Scenes, settings and a linear loss shared by the rasterizer tests.</summary>
internal static class RasterTestScenes
{
    /// <summary>
    /// A camera at (1.3, 0.9, 2.6) looking at the origin: its world-to-view rotation is not its own transpose (the front
    /// camera's diag(1, −1, −1) is), so a W-for-Wᵀ slip in a backward pass shows.
    /// </summary>
    public static Camera ObliqueCamera(int width, int height) =>
        Camera.LookAt(new Vector3(1.3f, 0.9f, 2.6f), Vector3.Zero, Vector3.UnitY, 0.87f, width, height);

    /// <summary>
    /// A few large, semi-transparent Gaussians well inside a small view seen by <see cref="ObliqueCamera"/>: every quantity is
    /// smooth there. Settings move the cut-offs out of the way (6σ radius, tiny skip threshold), opacities stay far below the
    /// 0.99 cap and T far above 1e-4. SH of degree 2 with bands large enough that the view direction moves the colour
    /// (its term in ∂L/∂μ matters) while every channel stays above the 0 clamp; a non-black background.
    /// </summary>
    public static (RasterInputs Inputs, Camera Camera, RasterSettings Settings) Smooth(int seed, bool precomputed, int count = 6, int size = 32)
    {
        var rng = new Random(seed);
        var g = SyntheticScenes.RandomCloud(count, seed, shDegree: 2, precomputedColors: precomputed,
            extent: 0.5f, minScale: 0.12f, maxScale: 0.3f, minOpacity: 0.2f, maxOpacity: 0.6f);
        if (!precomputed)
            for (int j = 0; j < g.Sh!.Length; j++)
                g.Sh[j] = j % 27 < 3
                    ? (0.45f + 0.4f * rng.NextSingle() - SphericalHarmonics.ColorOffset) / SphericalHarmonics.C0 // colour 0.45–0.85
                    : 0.25f * (2f * rng.NextSingle() - 1f);
        var settings = new RasterSettings { RadiusSigmas = 6f, MinAlpha = 1e-9f, Background = (0.2f, 0.5f, 0.8f) };
        return (g, ObliqueCamera(size, size), settings);
    }

    /// <summary>
    /// <paramref name="g"/> turned about the origin by <paramref name="rotation"/> (means and orientations), and
    /// <paramref name="camera"/> turned with it: every Gaussian keeps its view-space position, so scenes built for the front
    /// camera keep their edge cases, seen through a general world-to-view rotation.
    /// </summary>
    public static (RasterInputs, Camera) Turned(RasterInputs g, Camera camera, Quaternion rotation)
    {
        var r = Clone(g);
        for (int i = 0; i < g.Count; i++)
        {
            var m = Vector3.Transform(new Vector3(g.Means[3 * i], g.Means[3 * i + 1], g.Means[3 * i + 2]), rotation);
            (r.Means[3 * i], r.Means[3 * i + 1], r.Means[3 * i + 2]) = (m.X, m.Y, m.Z);
            var q = rotation * new Quaternion(g.Rotations[4 * i + 1], g.Rotations[4 * i + 2], g.Rotations[4 * i + 3], g.Rotations[4 * i]);
            (r.Rotations[4 * i], r.Rotations[4 * i + 1], r.Rotations[4 * i + 2], r.Rotations[4 * i + 3]) = (q.W, q.X, q.Y, q.Z);
        }
        var v = camera.WorldToView;
        // W' = W R⁻¹: row k of W' is (row k of W)·R⁻¹ = R (row k)ᵀ.
        var r0 = Vector3.Transform(new Vector3(v.R00, v.R01, v.R02), rotation);
        var r1 = Vector3.Transform(new Vector3(v.R10, v.R11, v.R12), rotation);
        var r2 = Vector3.Transform(new Vector3(v.R20, v.R21, v.R22), rotation);
        var turned = new RigidTransform(r0.X, r0.Y, r0.Z, r1.X, r1.Y, r1.Z, r2.X, r2.Y, r2.Z, v.T0, v.T1, v.T2);
        return (r, new Camera(turned, camera.FovX, camera.FovY, camera.Width, camera.Height));
    }

    /// <summary>
    /// <paramref name="g"/> moved by <paramref name="offset"/>, and <paramref name="camera"/> with it (t′ = t − W d): every
    /// Gaussian keeps its view-space position, but the world origin leaves the optical axis, so the view translation has x
    /// and y parts (a camera looking at the origin has t = (0, 0, distance), and a sign slip in tₓ or t_y would not show).
    /// </summary>
    public static (RasterInputs, Camera) Shifted(RasterInputs g, Camera camera, Vector3 offset)
    {
        var r = Clone(g);
        for (int i = 0; i < g.Count; i++)
        {
            r.Means[3 * i] += offset.X;
            r.Means[3 * i + 1] += offset.Y;
            r.Means[3 * i + 2] += offset.Z;
        }
        var v = camera.WorldToView;
        var shifted = new RigidTransform(v.R00, v.R01, v.R02, v.R10, v.R11, v.R12, v.R20, v.R21, v.R22,
            v.T0 - (v.R00 * offset.X + v.R01 * offset.Y + v.R02 * offset.Z),
            v.T1 - (v.R10 * offset.X + v.R11 * offset.Y + v.R12 * offset.Z),
            v.T2 - (v.R20 * offset.X + v.R21 * offset.Y + v.R22 * offset.Z));
        return (r, new Camera(shifted, camera.FovX, camera.FovY, camera.Width, camera.Height));
    }

    /// <summary>The turn <see cref="Turned"/> uses in the rasterizer tests: about 30° off every axis.</summary>
    public static Quaternion Oblique => Quaternion.CreateFromYawPitchRoll(0.55f, -0.35f, 0.25f);

    /// <summary>Random upstream gradients (the weights of a linear loss) for colour, alpha and depth.</summary>
    public static (float[] C, float[] A, float[] D) Upstream(int w, int h, int seed, bool color, bool alpha, bool depth)
    {
        var rng = new Random(seed);
        float[] Make(int n, bool on) => on ? Enumerable.Range(0, n).Select(_ => 2f * rng.NextSingle() - 1f).ToArray() : new float[n];
        return (Make(3 * w * h, color), Make(w * h, alpha), Make(w * h, depth));
    }

    /// <summary>L = Σ dC·C + Σ dA·A + Σ dD·D, summed in double.</summary>
    public static double Loss(RasterOutput o, float[] dC, float[] dA, float[] dD)
    {
        double s = 0;
        for (int i = 0; i < dC.Length; i++) s += (double)dC[i] * o.Color[i];
        for (int i = 0; i < dA.Length; i++) s += (double)dA[i] * o.Alpha[i] + (double)dD[i] * o.Depth[i];
        return s;
    }

    /// <summary>Deep copy of raster inputs.</summary>
    public static RasterInputs Clone(RasterInputs g) => new()
    {
        Count = g.Count,
        Means = (float[])g.Means.Clone(),
        Scales = (float[])g.Scales.Clone(),
        Rotations = (float[])g.Rotations.Clone(),
        Opacities = (float[])g.Opacities.Clone(),
        Sh = (float[]?)g.Sh?.Clone(),
        Colors = (float[]?)g.Colors?.Clone(),
        ShDegree = g.ShDegree,
        ActiveShDegree = g.ActiveShDegree,
    };

    /// <summary>
    /// Asserts that <paramref name="analytic"/> matches <paramref name="numeric"/>: relative L2 error below <paramref name="relL2"/>
    /// and every element within <paramref name="elementTol"/> × the largest magnitude (gsplat-style per-quantity tolerance).
    /// Returns the two measured errors (what the tolerances are set from) and writes them to <paramref name="log"/>.
    /// </summary>
    public static (double RelL2, double Element) AssertClose(string what, double[] numeric, double[] analytic, double relL2, double elementTol,
        Action<string>? log = null)
    {
        double num = 0, den = 0, max = 1e-12, worst = 0;
        for (int i = 0; i < numeric.Length; i++)
        {
            num += (numeric[i] - analytic[i]) * (numeric[i] - analytic[i]);
            den += numeric[i] * numeric[i];
            max = Math.Max(max, Math.Max(Math.Abs(numeric[i]), Math.Abs(analytic[i])));
            worst = Math.Max(worst, Math.Abs(numeric[i] - analytic[i]));
        }
        Assert.True(den > 0, $"{what}: the numeric gradient is identically zero, so the check would prove nothing.");
        double rel = Math.Sqrt(num / den);
        log?.Invoke($"{what}: relative L2 {rel:E2} (tolerance {relL2:E1}), worst element {worst / max:E2} of the largest (tolerance {elementTol:E1})");
        Assert.True(rel < relL2, $"{what}: relative L2 error {rel:E3} ≥ {relL2:E1}.");
        for (int i = 0; i < numeric.Length; i++)
            Assert.True(Math.Abs(numeric[i] - analytic[i]) <= elementTol * max,
                $"{what}[{i}]: numeric {numeric[i]:G6} vs analytic {analytic[i]:G6} (tolerance {elementTol * max:G3}).");
        return (rel, worst / max);
    }
}
