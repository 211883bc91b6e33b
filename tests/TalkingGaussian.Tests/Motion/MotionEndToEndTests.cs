using TalkingGaussian.Compute;
using TalkingGaussian.Motion;
using TalkingGaussian.Motion.Kernels;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Motion;

/// <summary>
/// A loss on an image rendered from Gaussians deformed by a motion field (Eq. 3–4, 6–7 then Eq. 2) back-propagates into the
/// motion-field parameters and the canonical means: kernels for the analytic gradient, finite differences for the check.
/// </summary>
[Collection(ExclusiveCollection.Name)]
public class MotionEndToEndTests
{
    private const int Size = 32;

    [Fact]
    public void FaceFieldParametersGetTheGradientOfARenderedImageLoss()
    {
        var rng = new Random(41);
        var field = new FaceMotionField(MotionTestFields.SmallFace with { SigmaHidden = 16 });
        var p = MotionTestFields.Parameters(field.ParameterCount, field.GridOffset, field.Encoder.ParameterCount, x => field.Initialize(x, 41), rng);
        var condition = MotionTestFields.Condition(field.Settings.Audio, 6, rng);
        var gaussians = DeformationTests.Field(10, rng);
        var (camera, settings, dColor) = Scene(rng);
        using var raster = new ReferenceRasterizer();
        var frame = field.CreateFrame();
        var deltas = new MotionDeltas(MotionDeltas.FaceStride);
        double Loss()
        {
            field.EncodeFrame(p, condition, frame);
            field.ForwardReference(p, frame, gaussians.Means, deltas);
            return Dot(raster.Forward(Deformation.Apply(gaussians, deltas), camera, settings).Color, dColor);
        }
        // analytic: kernels forward/backward, rasterizer backward, deformation backward
        var device = TestDevices.Cpu;
        using var kernels = new FaceMotionKernels(device, field);
        field.EncodeFrame(p, condition, frame);
        kernels.Forward(p, frame, gaussians.Means, deltas);
        raster.Forward(Deformation.Apply(gaussians, deltas), camera, settings);
        var dg = Deformation.Backward(gaussians, deltas, raster.Backward(dColor));
        var g = new float[p.Length];
        var gMeans = new float[gaussians.Means.Length];
        kernels.Backward(p, frame, dg.Deltas!, g, gMeans);
        for (int k = 0; k < gMeans.Length; k++) gMeans[k] += dg.Means[k]; // both paths: θ_D and H(μ)
        Check(field.Layout, p, g, gaussians.Means, gMeans, Loss, rng);
        double FixedFrameLoss()
        {
            field.ForwardReference(p, frame, gaussians.Means, deltas);
            return Dot(raster.Forward(Deformation.Apply(gaussians, deltas), camera, settings).Color, dColor);
        }
        field.EncodeFrame(p, condition, frame);
        CheckFrameGradient(frame.Audio, kernels.AudioGradient, FixedFrameLoss, "∂L/∂a");
        CheckFrameGradient(frame.Expression, kernels.ExpressionGradient, FixedFrameLoss, "∂L/∂e");
    }

    [Fact]
    public void MouthFieldParametersGetTheGradientOfARenderedImageLoss()
    {
        var rng = new Random(43);
        var field = new MouthMotionField(MotionTestFields.SmallMouth with { Hidden = 16, PositionScale = 0.05f });
        var p = MotionTestFields.Parameters(field.ParameterCount, field.GridOffset, field.Encoder.ParameterCount, x => field.Initialize(x, 43), rng);
        var condition = MotionTestFields.Condition(field.Settings.Audio, 0, rng);
        var gaussians = DeformationTests.Field(10, rng);
        var (camera, settings, dColor) = Scene(rng);
        using var raster = new ReferenceRasterizer();
        var frame = field.CreateFrame();
        var deltas = new MotionDeltas(3);
        double Loss()
        {
            field.EncodeFrame(p, condition, frame);
            field.ForwardReference(p, frame, gaussians.Means, deltas);
            return Dot(raster.Forward(Deformation.Apply(gaussians, deltas), camera, settings).Color, dColor);
        }
        var device = TestDevices.Cpu;
        using var kernels = new MouthMotionKernels(device, field);
        field.EncodeFrame(p, condition, frame);
        kernels.Forward(p, frame, gaussians.Means, deltas);
        raster.Forward(Deformation.Apply(gaussians, deltas), camera, settings);
        var dg = Deformation.Backward(gaussians, deltas, raster.Backward(dColor));
        var g = new float[p.Length];
        var gMeans = new float[gaussians.Means.Length];
        kernels.Backward(p, frame, dg.Deltas!, g, gMeans);
        for (int k = 0; k < gMeans.Length; k++) gMeans[k] += dg.Means[k];
        Check(field.Layout, p, g, gaussians.Means, gMeans, Loss, rng);
        double FixedFrameLoss()
        {
            field.ForwardReference(p, frame, gaussians.Means, deltas);
            return Dot(raster.Forward(Deformation.Apply(gaussians, deltas), camera, settings).Color, dColor);
        }
        field.EncodeFrame(p, condition, frame);
        CheckFrameGradient(frame.Audio, kernels.AudioGradient, FixedFrameLoss, "∂L/∂a");
    }

    private static (Camera, RasterSettings, float[]) Scene(Random rng)
    {
        // The ±0.15 motion box fills a 32×32 view at distance 0.45, seen obliquely (from the direction of (1.3, 0.9, 2.6), as
        // the rasterizer tests) so the world-to-view rotation is not its own transpose; wide 6σ footprints and no alpha skip
        // keep the image smooth in every input (the rasterizer tests' smooth-scene settings).
        var eye = 0.45f * System.Numerics.Vector3.Normalize(new System.Numerics.Vector3(1.3f, 0.9f, 2.6f));
        var camera = Camera.LookAt(eye, System.Numerics.Vector3.Zero, System.Numerics.Vector3.UnitY, 0.87f, Size, Size);
        var settings = new RasterSettings { RadiusSigmas = 6f, MinAlpha = 1e-9f, Background = (0.2f, 0.5f, 0.8f) };
        return (camera, settings, GradientCheck.Uniform(rng, 3 * Size * Size, -1f, 1f));
    }

    private static double Dot(float[] a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < b.Length; i++) s += (double)a[i] * b[i];
        return s;
    }

    private static void Check(MotionParameterLayout layout, float[] p, float[] g, float[] means, float[] gMeans, Func<double> loss, Random rng)
    {
        // The loss sums ~3000 float32 pixels, so its round-off (~1e-6) divided by 2h = 2e-3 leaves ~1e-3 noise in a difference
        // quotient, plus an occasional ReLU kink inside ±h: measured worst 8.0e-3 (mouth sigma_net; the other modules of both
        // fields 0.9e-3–5.1e-3). One noise source, one tolerance: 2.5e-2.
        foreach (var slice in layout.Slices)
        {
            double norm = Math.Sqrt(Enumerable.Range(slice.Offset, slice.Length).Sum(i => (double)g[i] * g[i]));
            var top = Enumerable.Range(slice.Offset, slice.Length).OrderByDescending(i => Math.Abs(g[i])).Take(8).ToArray();
            if (Math.Abs(g[top[0]]) >= 2e-2)
            {
                // Strong modules, entry by entry: the largest gradients plus random ones.
                var idx = top.Concat(GradientCheck.Sample(rng, slice.Offset, slice.Length, 4)).Distinct().ToArray();
                GradientCheck.AssertClose(slice.Name, idx, p, 1e-3f, loss, i => g[i], 0, 2.5e-2);
            }
            else if (norm >= 1e-3)
            {
                // Entries below the noise: the derivative along u = g/‖g‖ must equal ‖g‖ (a step of 1e-2 moves L by ≥ 1e-5,
                // well above round-off); a missing or wrong chain-rule term changes it by O(1). The step is large, so ReLU kinks
                // inside it bend the quotient: relative tolerance per module, about 4× its measured error.
                double numeric = Directional(p, slice, g, norm, 1e-2f, loss);
                GradientCheck.Log($"{slice.Name} (directional): numeric {numeric:G6}, ‖g‖ {norm:G6}, relative error {Math.Abs(numeric - norm) / norm:E2}");
                double tolerance = DirectionalTolerance[slice.Name];
                Assert.True(Math.Abs(numeric - norm) <= tolerance * norm, $"{slice.Name}: directional derivative {numeric:G4}, analytic ‖g‖ {norm:G4}.");
            }
            else
                Assert.True(slice.Name is "audio_net" or "audio_att_net" or "exp_encode_net",
                    $"{slice.Name}: gradient norm {norm:G3} is too small to check end to end.");
            // The per-frame networks whose gradients are below the noise are reached through ∂L/∂a and ∂L/∂e (checked by
            // CheckFrameGradient); their own backward passes are checked by AudioBranchTests and MlpTests.
        }
        // Canonical means: through the deformation and through H(μ); h = 1e-4 (smaller than grid cells ~0.04). Values 1–22;
        // the round-off over 2h = 2e-4 is ~1e-2: measured worst 5.7e-2 (mouth) and 9.8e-3 (face), every entry.
        GradientCheck.AssertClose("means", Enumerable.Range(0, means.Length), means, 1e-4f, loss, i => gMeans[i], 0, 0.2);
    }

    /// <summary>Relative tolerance of the directional check per module (measured relative error in the comment).</summary>
    private static readonly Dictionary<string, double> DirectionalTolerance = new()
    {
        ["eye_att_net"] = 0.2,    // 1.1e-2 to 7.9e-2: ‖g‖ ~1e-3, the step crosses ReLU kinks; it moved with main's merge
        ["aud_ch_att_net"] = 0.04, // 9.9e-3
        ["audio_net"] = 0.04,     // 7.2e-3
        ["encoder_xy"] = 0.01, ["encoder_yz"] = 0.01, ["encoder_xz"] = 0.01, // 1.7e-3 (encoder_yz, face)
        ["∂L/∂a"] = 0.02,         // 4.2e-3
        ["∂L/∂e"] = 0.3,          // 1.2e-1: ‖∂L/∂e‖ ~2e-4, so a 0.05 step moves L by ~1e-5, near its round-off
    };

    private static double Directional(float[] p, MotionParameterSlice slice, float[] g, double norm, float h, Func<double> loss) =>
        Directional(p, slice.Offset, slice.Length, g, norm, h, loss);

    /// <summary>Derivative of the loss along g/‖g‖ over p[offset, offset + length): (L(p + h·ĝ) − L(p − h·ĝ)) / 2h.</summary>
    private static double Directional(float[] p, int offset, int length, float[] g, double norm, float h, Func<double> loss)
    {
        var saved = p.AsSpan(offset, length).ToArray();
        for (int i = 0; i < length; i++) p[offset + i] = saved[i] + (float)(h * g[offset + i] / norm);
        double plus = loss();
        for (int i = 0; i < length; i++) p[offset + i] = saved[i] - (float)(h * g[offset + i] / norm);
        double minus = loss();
        saved.CopyTo(p, offset);
        return (plus - minus) / (2 * h);
    }

    /// <summary>∂L/∂a (and ∂L/∂e) from the kernels against finite differences on the frame features themselves.</summary>
    private static void CheckFrameGradient(float[] features, float[] analytic, Func<double> lossWithFixedFrame, string what)
    {
        double norm = Math.Sqrt(analytic.Sum(v => (double)v * v));
        Assert.True(norm > 1e-4, $"{what}: gradient norm {norm:G3} is too small to check.");
        if (analytic.Max(Math.Abs) >= 2e-2)
        {
            // a, e are O(0.1–1); h = 1e-3 ⇒ round-off ~1e-3: measured worst 5.1e-3 (mouth ∂L/∂a).
            GradientCheck.AssertClose(what, Enumerable.Range(0, features.Length), features, 1e-3f, lossWithFixedFrame, i => analytic[i], 0, 1.5e-2);
            return;
        }
        // Small entries: the derivative along g/‖g‖ with a step of 0.05 (L moves by ≥ 5e-6, above round-off).
        double numeric = Directional(features, 0, features.Length, analytic, norm, 0.05f, lossWithFixedFrame);
        GradientCheck.Log($"{what} (directional): numeric {numeric:G6}, ‖g‖ {norm:G6}, relative error {Math.Abs(numeric - norm) / norm:E2}");
        Assert.True(Math.Abs(numeric - norm) <= DirectionalTolerance[what] * norm, $"{what}: directional derivative {numeric:G4}, analytic ‖g‖ {norm:G4}.");
    }
}
