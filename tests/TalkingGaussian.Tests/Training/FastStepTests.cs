using TalkingGaussian.Motion;
using TalkingGaussian.Rendering;
using TalkingGaussian.Training;
using TalkingGaussian.Training.Losses;
using TalkingGaussian.Training.Settings;
using TalkingGaussian.Training.Stages;
using Xunit.Abstractions;

namespace TalkingGaussian.Tests.Training;

/// <summary>
/// One face-stage iteration through the fast paths the trainer picks on a CPU (SIMD rasterizer with the attention map
/// limited to the pixels the regularisers read, SIMD motion backend, SIMD loss) against the same iteration through the
/// scalar references (reference rasterizer rendering every pixel, reference motion field, reference loss in double):
/// the same loss terms and the same gradients of every parameter, before the optimiser's step.
/// </summary>
[Collection(ExclusiveCollection.Name)]
public sealed class FastStepTests(TinySpeakerFixture fixture, ITestOutputHelper output) : IClassFixture<TinySpeakerFixture>
{
    private static TrainingSettings Settings => TinySpeakerFixture.Settings with
    {
        Stages = [TrainingStage.Face],
        Face = new FaceStageSettings
        {
            Iterations = 100_000, InitialGaussians = 600, WarmUpFraction = 0,
            Densification = new DensificationSettings { UntilFraction = 0 },
        },
    };

    [Theory]
    [InlineData(1)] // a hair iteration: the attention map is needed in the lips box only
    [InlineData(7)] // every seventh (the default interval): the lips box and the hair
    public void AFaceStepGivesTheReferenceLossesAndGradients(int iteration)
    {
        using var dataset = fixture.Open();
        var (fastRecord, fast) = Step(new TrainingContext(Settings, dataset, TestDevices.Cpu), iteration);
        var (referenceRecord, reference) = Step(new TrainingContext(Settings, dataset, TestDevices.Cpu, rasterizers: () => new ReferenceRasterizer(),
            motionBackend: MotionBackendKind.Reference, photometric: new ReferencePhotometricLoss()), iteration);

        Assert.Equal(referenceRecord.Keys.Order(), fastRecord.Keys.Order());
        Assert.Contains("attention", fastRecord.Keys);
        foreach (var (name, value) in referenceRecord)
        {
            output.WriteLine($"{name}: {value:E4}, relative difference {Math.Abs(fastRecord[name] - value) / Math.Abs(value):E1}");
            // Float32 render and loss against the double loss: measured ≤ 5.5e-7 relative (D-SSIM; l1, alpha, attention and
            // deformation ≤ 2.1e-7) → 1e-5 of the value.
            Assert.Equal(value, fastRecord[name], Math.Abs(value) * 1e-5);
        }
        foreach (var (name, expected) in reference)
        {
            double error = Losses.LossTestImages.RelativeMaxError(expected, fast[name]);
            output.WriteLine($"∂L/∂{name}: {error:E2} of its largest value");
            // Float reassociation through render, D-SSIM, regularisers and both backward passes: measured ≤ 6.6e-6 of each
            // quantity's largest value (SH; 2e-6 to 4e-6 for the others) → 1e-4.
            Assert.True(error < 1e-4, $"∂L/∂{name} differs by {error:E2} of its largest value");
            Assert.Contains(expected, v => v != 0f);
        }
    }

    /// <summary>Runs one step on a fresh face branch; returns its loss terms and the gradients it left behind.</summary>
    private static (Dictionary<string, float> Losses, Dictionary<string, float[]> Gradients) Step(TrainingContext context, int iteration)
    {
        using (context)
        {
            var state = new TrainingState();
            using var stage = new FaceStage(context, state);
            // The initial Gaussians are spheres, whose rotation gradient is rounding noise; stretch them (the same way in
            // both runs) so that it is a quantity to compare.
            var scales = state.FaceGaussians!.Field.ScalesRaw;
            for (int i = 0; i < scales.Length; i++) scales[i] += 0.4f * (i % 3 - 1);
            var record = stage.Step(iteration);
            var g = state.FaceGaussians!.Gradients;
            return (new Dictionary<string, float>(record.Losses), new Dictionary<string, float[]>
            {
                ["means"] = g.Means.ToArray(),
                ["scales"] = g.ScalesRaw.ToArray(),
                ["rotations"] = g.RotationsRaw.ToArray(),
                ["opacities"] = g.OpacitiesRaw.ToArray(),
                ["sh"] = g.Sh.ToArray(),
                ["motion"] = state.FaceMotion!.Gradients.ToArray(),
            });
        }
    }
}
