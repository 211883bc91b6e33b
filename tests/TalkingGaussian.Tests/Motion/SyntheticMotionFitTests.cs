using TalkingGaussian.Motion;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Motion;

/// <summary>
/// The toy task of notebook 03: with the notebook's call and defaults the face field learns the jaw (the loss over the
/// fixed frames falls at least 5×, and the open and closed mouths differ in the picture); the loss's gradient is its
/// derivative; evaluation is repeatable.
/// </summary>
[Collection(ExclusiveCollection.Name)]
public class SyntheticMotionFitTests
{
    [Fact]
    public void Notebook_defaults_learn_the_jaw_motion()
    {
        using var fit = new SyntheticMotionFit(TestDevices.Cpu); // notebook 03, cell "var fit = ..."
        int changedBefore = ChangedPixels(fit);
        fit.Run();
        // Measured over seeds 1–4: the loss fell 112×, 94×, 46×, 601×.
        double first = fit.Evaluations[0].Loss, last = fit.Evaluations[^1].Loss;
        Assert.True(last * 5 <= first, $"loss over the fixed frames {first:F4} -> {last:F4}: fell {first / last:F1}x, not 5x.");
        // The notebook's "4 × |open − closed|" image: untrained it is black (measured 0 pixels), trained it shows the
        // jaw (measured 3,506–3,848 of 36,864 pixels over seeds 1–4).
        int changedAfter = ChangedPixels(fit);
        Assert.True(changedBefore < 50, $"{changedBefore} pixels differ before training");
        Assert.True(changedAfter > 1500, $"{changedAfter} pixels differ between the open and closed mouth after training");
        // Measured 0.77–0.98 of the target's opening between the closed and open frames over seeds 1–4.
        double ratio = JawOpening(fit);
        Assert.True(ratio is > 0.5 and < 1.3, $"the jaw opens {ratio:F2} × the target between the closed and open frames");
    }

    [Fact]
    public void Loss_gradient_is_its_derivative()
    {
        using var fit = new SyntheticMotionFit(TestDevices.Cpu, new SyntheticMotionFitSettings { Gaussians = 400, Seed = 4 });
        var deltas = new MotionDeltas(MotionDeltas.FaceStride);
        var gradient = new MotionDeltas(MotionDeltas.FaceStride);
        int t = Enumerable.Range(0, 23).MaxBy(SyntheticMotion.Blink); // eyelids and jaw both have targets
        fit.Predict(t, deltas);
        fit.Loss(t, deltas, gradient);
        var jaw = Enumerable.Range(0, fit.Head.Count).Where(i => Target(fit, i, 1f, 0f) < -0.01f).Take(4);
        var lids = Enumerable.Range(0, fit.Head.Count).Where(i => Target(fit, i, 0f, 1f) < -0.001f).Take(3);
        int[] columns = [0, 1, 2, 3, 6, 7, 8, 10]; // Δμ; Δq w and z; Δα (not in the loss: zero); Δs x and z
        var indices = jaw.Concat(lids).Concat([0, 1, 2]).SelectMany(i => columns.Select(c => 11 * i + c)).ToArray();
        Assert.True(indices.Length >= 64);
        // The loss is quadratic in δ, so a central difference has no truncation error and a large step (h = 0.01, the
        // loss unit) keeps float rounding small: measured worst |analytic − numeric| 1.7e-7 with |∂loss/∂δ| up to 0.82.
        GradientCheck.AssertClose("∂loss/∂δ", indices, deltas.Values, 1e-2f, () => fit.Loss(t, deltas, null),
            k => gradient.Values[k], rtol: 1e-6, atol: 1e-6);
    }

    [Fact]
    public void Evaluation_is_repeatable()
    {
        using var fit = new SyntheticMotionFit(TestDevices.Cpu, new SyntheticMotionFitSettings { Gaussians = 300, Steps = 3, EvaluationFrames = 4 });
        Assert.Equal(fit.Condition(17).AudioWindow, fit.Condition(17).AudioWindow);
        double a = fit.Evaluate(), b = fit.Evaluate();
        Assert.Equal(a, b);
        fit.Run();
        Assert.Equal(3, fit.StepsTaken);
        Assert.Equal([0, 3], fit.Evaluations.Select(e => e.Step));
        Assert.Equal(a, fit.Evaluations[0].Loss);
        Assert.NotEqual(a, fit.Evaluations[1].Loss);
    }

    [Theory]
    [InlineData("Steps")]
    [InlineData("Gaussians")]
    [InlineData("EvaluationFrames")]
    public void Unusable_settings_are_refused_by_name(string name)
    {
        var settings = name switch
        {
            "Steps" => new SyntheticMotionFitSettings { Steps = 0 },
            "Gaussians" => new SyntheticMotionFitSettings { Gaussians = 0 },
            _ => new SyntheticMotionFitSettings { EvaluationFrames = 500 },
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticMotionFit(TestDevices.Cpu, settings));
        Assert.Contains(name, e.Message);
    }

    private static float Target(SyntheticMotionFit fit, int i, float openness, float blink) =>
        SyntheticMotion.TargetTranslation(fit.Head.Means.AsSpan(3 * i, 3), openness, blink).Y;

    /// <summary>Notebook 03's pair: the most closed and most open mouth among frames 0–59 without a blink.</summary>
    private static (int Closed, int Open) Frames()
    {
        var eyesOpen = Enumerable.Range(0, 60).Where(t => SyntheticMotion.Blink(t) == 0).ToList();
        return (eyesOpen.MinBy(SyntheticMotion.Openness), eyesOpen.MaxBy(SyntheticMotion.Openness));
    }

    /// <summary>Pixels of the notebook's 192² view where 4·|open − closed| exceeds 0.25 on some channel.</summary>
    private static int ChangedPixels(SyntheticMotionFit fit)
    {
        const int size = 192;
        using var raster = new IlgpuRasterizer(TestDevices.Cpu);
        var camera = SyntheticMotion.FrontCamera(size);
        var white = new RasterSettings { Background = (1f, 1f, 1f) };
        var deltas = new MotionDeltas(MotionDeltas.FaceStride);
        var (closed, open) = Frames();
        fit.Predict(open, deltas);
        var a = (float[])raster.Forward(Deformation.Apply(fit.Head, deltas), camera, white).Color.Clone();
        fit.Predict(closed, deltas);
        var b = raster.Forward(Deformation.Apply(fit.Head, deltas), camera, white).Color;
        int plane = size * size, changed = 0;
        for (int k = 0; k < plane; k++)
        {
            float d = 0f;
            for (int c = 0; c < 3; c++) d = MathF.Max(d, MathF.Abs(a[c * plane + k] - b[c * plane + k]));
            if (4f * d > 0.25f) changed++;
        }
        return changed;
    }

    /// <summary>Mean over jaw Gaussians of Δμ_y(closed) − Δμ_y(open), over the same for the target.</summary>
    private static double JawOpening(SyntheticMotionFit fit)
    {
        var (closed, open) = Frames();
        var deltas = new MotionDeltas(MotionDeltas.FaceStride);
        fit.Predict(open, deltas);
        var openY = Enumerable.Range(0, fit.Head.Count).Select(i => deltas.Values[11 * i + 1]).ToArray();
        fit.Predict(closed, deltas);
        double learnt = 0, target = 0;
        for (int i = 0; i < fit.Head.Count; i++)
        {
            if (Target(fit, i, 1f, 0f) >= -0.01f) continue;
            learnt += deltas.Values[11 * i + 1] - openY[i];
            target += Target(fit, i, SyntheticMotion.Openness(closed), 0f) - Target(fit, i, SyntheticMotion.Openness(open), 0f);
        }
        return learnt / target;
    }
}
