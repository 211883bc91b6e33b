using TalkingGaussian.Gaussians;
using TalkingGaussian.Media;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Training;

/// <summary>
/// The smallest version of 3DGS training: Gaussians in front of a camera, rendered (Eq. 2), compared with a target image
/// by the L1 loss, and moved by Adam along the rasterizer's gradients. Raw parameters and activations:
/// μ as is, s = exp(raw), q = raw/‖raw‖, α = sigmoid(raw), colour c = sigmoid(raw) (precomputed colours, no SH).
/// No densification or pruning: the count stays fixed. Each step is one <see cref="IGaussianRasterizer.Forward"/>
/// and one <see cref="IGaussianRasterizer.Backward"/>.
/// </summary>
public static class ImageFit
{
    /// <summary>Fits <paramref name="target"/> (RGB, planar [3, H, W], black background) with <paramref name="rasterizer"/>.</summary>
    /// <param name="target">The image to reproduce.</param>
    /// <param name="rasterizer">Any rasterizer (the reference one or the ILGPU one).</param>
    /// <param name="settings">Counts and learning rates; <see cref="ImageFitSettings"/> defaults when null.</param>
    /// <param name="progress">Called after each step with (step, loss).</param>
    public static ImageFitResult Run(PlanarImage target, IGaussianRasterizer rasterizer, ImageFitSettings? settings = null,
        Action<int, float>? progress = null)
    {
        settings ??= new ImageFitSettings();
        if (target.Channels != 3) throw new ArgumentException($"The target must be RGB (3 channels), got {target.Channels}.", nameof(target));
        if (settings.Gaussians <= 0 || settings.Steps <= 0)
            throw new ArgumentOutOfRangeException(nameof(settings), "Gaussians and Steps must be positive.");
        int n = settings.Gaussians, w = target.Width, h = target.Height, plane = w * h;
        var camera = SyntheticScenes.FrontCamera(w, h);
        var raster = new RasterSettings();

        // Raw parameters, initialised over the visible part of the z = 0 plane.
        var rng = new Random(settings.Seed);
        float halfH = 3f * camera.TanHalfFovY, halfW = 3f * camera.TanHalfFovX;
        float size = MathF.Log(1.2f * MathF.Sqrt(4f * halfW * halfH / n) / 3f);
        var means = new float[3 * n];
        var logScales = new float[3 * n];
        var rawRotations = new float[4 * n];
        var opacityLogits = new float[n];
        var colorLogits = new float[3 * n];
        for (int i = 0; i < n; i++)
        {
            means[3 * i] = halfW * 0.95f * (2f * rng.NextSingle() - 1f);
            means[3 * i + 1] = halfH * 0.95f * (2f * rng.NextSingle() - 1f);
            means[3 * i + 2] = 0.05f * (2f * rng.NextSingle() - 1f);
            for (int a = 0; a < 3; a++) logScales[3 * i + a] = size + 0.2f * (rng.NextSingle() - 0.5f);
            rawRotations[4 * i] = 1f;
            rawRotations[4 * i + 3] = 0.5f * (rng.NextSingle() - 0.5f);
            opacityLogits[i] = 0f;
            for (int c = 0; c < 3; c++) colorLogits[3 * i + c] = 0.5f * (rng.NextSingle() - 0.5f);
        }
        var gMeans = new float[3 * n];
        var gLogScales = new float[3 * n];
        var gRotations = new float[4 * n];
        var gOpacity = new float[n];
        var gColors = new float[3 * n];
        var adam = AdamOptimizer.ForGaussians(
        [
            new ParameterGroup("xyz", means, gMeans, settings.MeanLearningRate),
            new ParameterGroup("scaling", logScales, gLogScales, settings.ScaleLearningRate),
            new ParameterGroup("rotation", rawRotations, gRotations, settings.RotationLearningRate),
            new ParameterGroup("opacity", opacityLogits, gOpacity, settings.OpacityLearningRate),
            new ParameterGroup("color", colorLogits, gColors, settings.ColorLearningRate),
        ]);

        var inputs = new RasterInputs
        {
            Count = n, Means = means, Scales = new float[3 * n], Rotations = new float[4 * n],
            Opacities = new float[n], Colors = new float[3 * n],
        };
        var losses = new float[settings.Steps];
        var snapshots = new List<float[]>();
        var dColor = new float[3 * plane];
        var target3 = target.Pixels;
        for (int step = 0; step < settings.Steps; step++)
        {
            Activate(logScales, rawRotations, opacityLogits, colorLogits, inputs);
            var output = rasterizer.Forward(inputs, camera, raster);
            if (settings.SnapshotEvery > 0 && step % settings.SnapshotEvery == 0) snapshots.Add((float[])output.Color.Clone());

            // L1 = mean |C − target|; ∂L/∂C = sign(C − target) / (3HW).
            double loss = 0;
            float scale = 1f / (3 * plane);
            for (int p = 0; p < 3 * plane; p++)
            {
                float d = output.Color[p] - target3[p];
                loss += Math.Abs(d);
                dColor[p] = d > 0 ? scale : d < 0 ? -scale : 0f;
            }
            losses[step] = (float)(loss * scale);

            var g = rasterizer.Backward(dColor);
            adam.ZeroGradients();
            Backward(g, inputs, logScales, rawRotations, gMeans, gLogScales, gRotations, gOpacity, gColors);
            adam.Step();
            progress?.Invoke(step, losses[step]);
        }
        Activate(logScales, rawRotations, opacityLogits, colorLogits, inputs);
        var final = (float[])rasterizer.Forward(inputs, camera, raster).Color.Clone();
        return new ImageFitResult(losses, inputs, final, snapshots, camera);
    }

    private static void Activate(float[] logScales, float[] rawRotations, float[] opacityLogits, float[] colorLogits, RasterInputs into)
    {
        for (int i = 0; i < logScales.Length; i++) into.Scales[i] = MathF.Exp(logScales[i]);
        for (int i = 0; i < into.Count; i++)
            Activations.NormalizeQuaternion(rawRotations.AsSpan(4 * i, 4), into.Rotations.AsSpan(4 * i, 4));
        for (int i = 0; i < opacityLogits.Length; i++) into.Opacities[i] = Activations.Sigmoid(opacityLogits[i]);
        for (int i = 0; i < colorLogits.Length; i++) into.Colors![i] = Activations.Sigmoid(colorLogits[i]);
    }

    /// <summary>Chain rule from the rasterizer's gradients (activated parameters) to the raw ones.</summary>
    private static void Backward(RasterGradients g, RasterInputs activated, float[] logScales, float[] rawRotations,
        float[] gMeans, float[] gLogScales, float[] gRotations, float[] gOpacity, float[] gColors)
    {
        g.Means.AsSpan(0, gMeans.Length).CopyTo(gMeans);
        for (int i = 0; i < gLogScales.Length; i++) gLogScales[i] = g.Scales[i] * activated.Scales[i];           // d exp = exp
        for (int i = 0; i < activated.Count; i++)
            Activations.NormalizeQuaternionBackward(rawRotations.AsSpan(4 * i, 4), g.Rotations.AsSpan(4 * i, 4), gRotations.AsSpan(4 * i, 4));
        for (int i = 0; i < gOpacity.Length; i++)
        {
            float a = activated.Opacities[i];
            gOpacity[i] = g.Opacities[i] * a * (1f - a);                                                          // d sigmoid
        }
        for (int i = 0; i < gColors.Length; i++)
        {
            float c = activated.Colors![i];
            gColors[i] = g.Colors[i] * c * (1f - c);
        }
    }
}
