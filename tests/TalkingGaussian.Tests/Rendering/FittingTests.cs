using TalkingGaussian.Gaussians;
using TalkingGaussian.Rendering;
using TalkingGaussian.Training;

namespace TalkingGaussian.Tests.Rendering;

/// <summary>End to end: gradients good enough that Adam fits random Gaussians to an image of other Gaussians.</summary>
[Collection(ExclusiveCollection.Name)]
public class FittingTests(CpuRasterizerFixture fixture) : IClassFixture<CpuRasterizerFixture>
{
    [Fact]
    public void AdamFitsRandomGaussiansToATargetImage()
    {
        const int size = 40;
        var camera = SyntheticScenes.FrontCamera(size, size, distance: 3f);
        var settings = new RasterSettings();
        var targetScene = SyntheticScenes.RandomCloud(25, seed: 100, shDegree: 0, extent: 0.6f, minScale: 0.06f, maxScale: 0.2f,
            minOpacity: 0.5f, maxOpacity: 0.9f);
        var target = (float[])fixture.Rasterizer.Forward(targetScene, camera, settings).Color.Clone();

        // A persistent field of other random Gaussians, raw parameters (softplus scale, sigmoid opacity, normalised quaternion).
        var start = SyntheticScenes.RandomCloud(60, seed: 200, shDegree: 0, extent: 0.6f, minScale: 0.05f, maxScale: 0.15f,
            minOpacity: 0.3f, maxOpacity: 0.6f);
        var field = new PersistentGaussianField(start.Count, shDegree: 0);
        Array.Copy(start.Means, field.Means, start.Means.Length);
        Array.Copy(start.Rotations, field.RotationsRaw, start.Rotations.Length);
        Array.Copy(start.Sh!, field.Sh, start.Sh!.Length);
        for (int j = 0; j < start.Scales.Length; j++) field.ScalesRaw[j] = Activations.SoftplusInverse(start.Scales[j]);
        for (int i = 0; i < start.Count; i++) field.OpacitiesRaw[i] = Activations.Logit(start.Opacities[i]);

        var gMeans = new float[field.Means.Length];
        var gScales = new float[field.ScalesRaw.Length];
        var gRot = new float[field.RotationsRaw.Length];
        var gOpacity = new float[field.OpacitiesRaw.Length];
        var gSh = new float[field.Sh.Length];
        var adam = AdamOptimizer.ForGaussians(
        [
            new ParameterGroup("xyz", field.Means, gMeans, 0.01f),
            new ParameterGroup("scaling", field.ScalesRaw, gScales, 0.01f),
            new ParameterGroup("rotation", field.RotationsRaw, gRot, 0.01f),
            new ParameterGroup("opacity", field.OpacitiesRaw, gOpacity, 0.05f),
            new ParameterGroup("f_dc", field.Sh, gSh, 0.05f),
        ]);

        var inputs = new RasterInputs();
        var dColor = new float[target.Length];
        double firstLoss = 0, loss = 0;
        for (int it = 0; it < 300; it++)
        {
            field.Activate(inputs);
            var image = fixture.Rasterizer.Forward(inputs, camera, settings).Color;
            // L = mean squared error; ∂L/∂C = 2(C − target)/n.
            loss = 0;
            for (int p = 0; p < target.Length; p++)
            {
                float d = image[p] - target[p];
                loss += d * d;
                dColor[p] = 2f * d / target.Length;
            }
            loss /= target.Length;
            if (it == 0) firstLoss = loss;
            var g = fixture.Rasterizer.Backward(dColor);
            // Chain the activated-parameter gradients to the raw parameters.
            Array.Copy(g.Means, gMeans, gMeans.Length);
            Array.Copy(g.Sh, gSh, gSh.Length);
            for (int j = 0; j < gScales.Length; j++) gScales[j] = g.Scales[j] * Activations.SoftplusDerivative(field.ScalesRaw[j]);
            for (int i = 0; i < field.Count; i++)
            {
                float a = inputs.Opacities[i];
                gOpacity[i] = g.Opacities[i] * a * (1f - a);
                Activations.NormalizeQuaternionBackward(field.RotationsRaw.AsSpan(4 * i, 4), g.Rotations.AsSpan(4 * i, 4), gRot.AsSpan(4 * i, 4));
            }
            adam.Step();
        }
        Assert.True(firstLoss > 1e-3, $"the start must differ from the target (initial loss {firstLoss})");
        Assert.True(loss < firstLoss / 10, $"loss fell from {firstLoss:E3} to only {loss:E3} (needs 10×)");
    }
}
