using System.Numerics;
using TalkingGaussian.Data;
using TalkingGaussian.Data.Synthetic;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Data;

/// <summary>
/// The synthetic speaker's mouth: how wide it opens in pixels, what the open mouth shows, and the motion field behind it
/// (its gradient and Jacobian against central differences, and Gaussians carried through it by Σ' = JΣJᵀ).
/// </summary>
public class SyntheticMouthTests
{
    private static readonly SyntheticHead Head = SyntheticHeadBuilder.Build(1);

    private static FaceState Open(float jaw, float pitch = 0, float yaw = 0) =>
        new(jaw, 0, 0, 0, PoseMath.RotationAbout(HeadGeometry.NeckPivot, pitch, yaw, 0, Vector3.Zero));

    private static Camera CameraFor(FaceState s, int size) =>
        Camera.FromTransformMatrix(SyntheticSpeaker.CameraToWorld(s.HeadMotion), SyntheticSpeaker.FocalPerPixel * size, size, size);

    private static int OpeningPixels(FaceState s, int size = 256) => LipsRectangle.MouthOpening(LandmarkAnchors.Project(s, CameraFor(s, size)));

    [Fact]
    public void OpensLikeARealSpeakerAtItsWidestAndClosesInSilence()
    {
        // A real speaker in a 512² crop opens 30–50 px between the inner lips, so 15–25 px at 256²; the brief asks 18–25
        // for the widest frames. Checked at rest and at the extremes of the pose drift (±2° pitch, ±3° yaw).
        foreach (var (pitch, yaw) in new[] { (0f, 0f), (0.035f, 0.05f), (-0.035f, -0.05f), (0.035f, -0.05f) })
        {
            int widest = OpeningPixels(Open(1, pitch, yaw));
            Assert.InRange(widest, 18, 25);
            Assert.InRange(OpeningPixels(Open(0, pitch, yaw)), 0, 1); // closed lips: 0.8 mm apart, under 1 px
            int previous = 0;
            for (float jaw = 0; jaw <= 1.0001f; jaw += 0.05f)
            {
                int o = OpeningPixels(Open(jaw, pitch, yaw));
                Assert.True(o >= previous, $"opening fell from {previous} to {o} px at jaw {jaw}");
                previous = o;
            }
        }
    }

    [Fact]
    public void OpenMouthShowsDarkInsideAndTeethClosedShowsNeither()
    {
        var background = Backdrop.Create(256, 256);
        using var renderer = new SyntheticFrameRenderer(Head, background, new ReferenceRasterizer());
        foreach (var (pitch, yaw) in new[] { (0f, 0f), (0.035f, -0.05f) })
        {
            var closed = renderer.Render(Open(0, pitch, yaw), CameraFor(Open(0, pitch, yaw), 256));
            Assert.Equal(0, Count(closed, SyntheticClass.Mouth) + Count(closed, SyntheticClass.Teeth)); // nothing pokes through shut lips

            var open = renderer.Render(Open(1, pitch, yaw), CameraFor(Open(1, pitch, yaw), 256));
            int mouth = Count(open, SyntheticClass.Mouth), teeth = Count(open, SyntheticClass.Teeth);
            Assert.True(mouth + teeth >= 200, $"{mouth} inner-mouth and {teeth} teeth pixels"); // a 21 px opening, ~30 px wide, lens-shaped
            Assert.True(teeth >= 20, $"{teeth} teeth pixels");
            // The inside is dark (albedo 0.3, 0.07, 0.09 unshaded) and the teeth light.
            Assert.InRange(MeanLuminance(open, SyntheticClass.Mouth), 0, 0.3);
            Assert.InRange(MeanLuminance(open, SyntheticClass.Teeth), 0.6, 1);
        }
    }

    [Fact]
    public void SoftTissueGradientMatchesCentralDifferences()
    {
        var rng = new Random(3);
        var p = new float[3];
        double worst = 0;
        string where = "";
        for (int n = 0; n < 200;)
        {
            p[0] = (float)(rng.NextDouble() * 0.14 - 0.07);
            p[1] = HeadGeometry.MouthY - (float)(rng.NextDouble() * 0.045);
            p[2] = (float)(rng.NextDouble() * 0.08);
            if (NearAKink(p)) continue;
            MouthField.SoftTissue(new Vector3(p[0], p[1], p[2]), out var gradient);
            float[] analytic = [gradient.X, gradient.Y, gradient.Z];
            for (int d = 0; d < 3; d++)
            {
                double fd = FiniteDifferences.Central(p, d, 1e-4f, () => MouthField.SoftTissue(new Vector3(p[0], p[1], p[2]), out _));
                double error = Math.Abs(fd - analytic[d]);
                if (error > worst) (worst, where) = (error, $"∂w/∂{"xyz"[d]} at ({p[0]}, {p[1]}, {p[2]}): fd {fd}, analytic {analytic[d]}");
            }
            n++;
        }
        // Gradients up to ≈ 60 per metre; float rounding of w (6e-8) over 2h = 2e-4 gives ≈ 3e-4, truncation h²·|w‴|/6 about
        // as much. Measured worst 1.5e-3; tolerance 1e-2.
        Assert.True(worst <= 1e-2, where);
    }

    [Theory]
    [InlineData(MotionGroup.LowerFace)]
    [InlineData(MotionGroup.UpperLip)]
    public void JacobianMatchesCentralDifferencesOfThePosition(MotionGroup group)
    {
        var state = Open(0.7f);
        var rng = new Random(5);
        var p = new float[3];
        double worst = 0;
        string where = "";
        for (int n = 0; n < 100;)
        {
            p[0] = (float)(rng.NextDouble() * 0.1 - 0.05);
            p[1] = group == MotionGroup.UpperLip
                ? HeadGeometry.MouthY + 0.001f + (float)(rng.NextDouble() * 0.008)
                : HeadGeometry.MouthY - 0.001f - (float)(rng.NextDouble() * 0.04);
            p[2] = HeadGeometry.SurfaceZ(p[0], p[1]) + 0.0025f;
            if (NearAKink(p)) continue;
            var j = FaceDeformation.Jacobian(new Vector3(p[0], p[1], p[2]), group, state) ?? Matrix4x4.Identity;
            float[,] analytic = { { j.M11, j.M12, j.M13 }, { j.M21, j.M22, j.M23 }, { j.M31, j.M32, j.M33 } };
            for (int row = 0; row < 3; row++)
                for (int col = 0; col < 3; col++)
                {
                    double fd = FiniteDifferences.Central(p, col, 1e-4f, () => Component(FaceDeformation.Position(new Vector3(p[0], p[1], p[2]), group, state), row));
                    double error = Math.Abs(fd - analytic[row, col]);
                    if (error > worst) (worst, where) = (error, $"{group} J[{row},{col}] at ({p[0]}, {p[1]}, {p[2]}): fd {fd}, analytic {analytic[row, col]}");
                }
            n++;
        }
        // Positions ≈ 0.07 m in float (ulp 7e-9) over 2h = 2e-4: ≈ 1e-4 rounding. Measured worst 1.1e-4 (upper lip),
        // 4.5e-5 (lower face); tolerance 1e-3.
        Assert.True(worst <= 1e-3, where);
    }

    [Fact]
    public void WarpedGaussianHasTheDeformedCovariance()
    {
        var rng = new Random(11);
        double worst = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            var scale = new Vector3(F(rng, 0.001f, 0.005f), F(rng, 0.001f, 0.005f), F(rng, 0.0002f, 0.002f));
            var q = Quaternion.Normalize(new Quaternion(F(rng, -1, 1), F(rng, -1, 1), F(rng, -1, 1), F(rng, -1, 1)));
            var j = Matrix4x4.Identity;
            j.M21 = F(rng, -2, 2); j.M22 = F(rng, 0.5f, 3); j.M23 = F(rng, -1, 1); j.M31 = F(rng, -0.5f, 0.5f); j.M32 = F(rng, -0.5f, 0.5f);

            // Expected J·R·S²·Rᵀ·Jᵀ through System.Numerics, whose CreateFromQuaternion is Rᵀ (row vectors).
            var rT = Matrix4x4.CreateFromQuaternion(q);
            var sigma = Matrix4x4.Transpose(rT) * Matrix4x4.CreateScale(scale * scale) * rT;
            var expected = j * sigma * Matrix4x4.Transpose(j);

            var (s, r) = CovarianceWarp.Apply(scale, (q.W, q.X, q.Y, q.Z), j);
            Assert.Equal(1, r.W * r.W + r.X * r.X + r.Y * r.Y + r.Z * r.Z, 1e-5f);
            Projection.Covariance3D(s.X, s.Y, s.Z, r.W, r.X, r.Y, r.Z, out float a00, out float a01, out float a02, out float a11, out float a12, out float a22);
            float[] got = [a00, a01, a02, a11, a12, a22];
            float[] want = [expected.M11, expected.M12, expected.M13, expected.M22, expected.M23, expected.M33];
            float size = want.Max(MathF.Abs);
            for (int k = 0; k < 6; k++) worst = Math.Max(worst, MathF.Abs(got[k] - want[k]) / size);
        }
        // float in and out, double in between. Measured worst relative error 6.1e-7; tolerance 5e-6.
        Assert.True(worst <= 5e-6, $"worst relative error {worst}");
    }

    [Fact]
    public void StretchedSkinAndLipsStayClosed()
    {
        // Carried by an affine map A, a Gaussian and its neighbours keep their Mahalanobis distances exactly
        // ((Aδ)ᵀ(AΣAᵀ)⁻¹(Aδ) = δᵀΣ⁻¹δ); the field is smooth, so at the widest opening they should barely change. A gap
        // between Gaussians shows up as a neighbour drifting outside its covariance.
        var rest = Head.Pose(Open(0));
        var open = Head.Pose(Open(1));
        var chosen = Enumerable.Range(0, Head.Count).Where(i => Head.Groups[i] == MotionGroup.LowerFace && Head.Classes[i] == SyntheticClass.Face).ToArray();
        Assert.True(chosen.Length > 500, $"{chosen.Length} skin and lip Gaussians below the mouth line");
        double worst = 0;
        foreach (int i in chosen)
        {
            var near = chosen.Where(k => k != i).OrderBy(k => Vector3.DistanceSquared(Mean(rest, k), Mean(rest, i))).Take(4);
            foreach (int k in near)
            {
                double before = Mahalanobis(rest, i, Mean(rest, k) - Mean(rest, i));
                double after = Mahalanobis(open, i, Mean(open, k) - Mean(open, i));
                worst = Math.Max(worst, after / before);
            }
        }
        // Measured worst growth 2.28, at the lip corners, where the parting profile q(x) has its kink; without the warp
        // (Gaussians keeping their rest shapes) 4.40, on the stretched underside of the chin.
        Assert.True(worst <= 2.5, $"a neighbour's Mahalanobis distance grew {worst:F2}×");
    }

    private static bool NearAKink(float[] p)
    {
        float ax = MathF.Abs(p[0]), my = HeadGeometry.MouthY;
        const float margin = 5e-4f;
        return MathF.Abs(ax - HeadGeometry.MouthHalfWidth) < margin || MathF.Abs(ax - MouthField.MandibleHalfWidth) < margin
            || MathF.Abs(ax - MouthField.MandibleHalfWidth - MouthField.MandibleFade) < margin || ax < margin
            || MathF.Abs(p[1] - my) < margin || MathF.Abs(p[1] - (my - MouthField.ChinBlend)) < margin
            || MathF.Abs(p[2] - MouthField.DepthStart) < margin || MathF.Abs(p[2] - MouthField.DepthStart - MouthField.DepthFade) < margin;
    }

    private static double Component(Vector3 v, int i) => i == 0 ? v.X : i == 1 ? v.Y : v.Z;

    private static float F(Random rng, float lo, float hi) => lo + (hi - lo) * (float)rng.NextDouble();

    private static int Count(SyntheticFrame f, SyntheticClass c) => f.Classes.Count(k => k == (int)c);

    private static double MeanLuminance(SyntheticFrame f, SyntheticClass c)
    {
        int n = f.Image.Width * f.Image.Height, count = 0;
        double sum = 0;
        for (int i = 0; i < n; i++)
            if (f.Classes[i] == (int)c)
            {
                sum += 0.299 * f.Image.Pixels[i] + 0.587 * f.Image.Pixels[n + i] + 0.114 * f.Image.Pixels[2 * n + i];
                count++;
            }
        return sum / count;
    }

    private static Vector3 Mean(RasterInputs g, int i) => new(g.Means[3 * i], g.Means[3 * i + 1], g.Means[3 * i + 2]);

    /// <summary>√(δᵀΣ⁻¹δ) under Gaussian <paramref name="i"/>'s covariance, via Cholesky in double.</summary>
    private static double Mahalanobis(RasterInputs g, int i, Vector3 delta)
    {
        Projection.Covariance3D(g.Scales[3 * i], g.Scales[3 * i + 1], g.Scales[3 * i + 2],
            g.Rotations[4 * i], g.Rotations[4 * i + 1], g.Rotations[4 * i + 2], g.Rotations[4 * i + 3],
            out float s00, out float s01, out float s02, out float s11, out float s12, out float s22);
        double l00 = Math.Sqrt(s00), l10 = s01 / l00, l20 = s02 / l00;
        double l11 = Math.Sqrt(s11 - l10 * l10), l21 = (s12 - l20 * l10) / l11;
        double l22 = Math.Sqrt(s22 - l20 * l20 - l21 * l21);
        double y0 = delta.X / l00, y1 = (delta.Y - l10 * y0) / l11, y2 = (delta.Z - l20 * y0 - l21 * y1) / l22;
        return Math.Sqrt(y0 * y0 + y1 * y1 + y2 * y2);
    }
}
