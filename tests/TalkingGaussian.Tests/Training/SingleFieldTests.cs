using TalkingGaussian.Model;
using TalkingGaussian.Training;
using TalkingGaussian.Training.Settings;
using TalkingGaussian.Training.Stages;

namespace TalkingGaussian.Tests.Training;

/// <summary>
/// The single-shared-field option (<see cref="FaceStageSettings.LearnInsideMouth"/>, the paper's Fig. 4 comparison): the
/// face stage keeps the inside mouth in its target and learns it, and <see cref="SingleFieldHead"/> renders the result
/// as Eq. 8 with no mouth branch.
/// </summary>
[Collection(ExclusiveCollection.Name)]
public sealed class SingleFieldTests(TinySpeakerFixture fixture) : IClassFixture<TinySpeakerFixture>
{
    private static TrainingSettings With(bool learnInsideMouth, int iterations = 40) => TinySpeakerFixture.Learning with
    {
        Stages = [TrainingStage.Face],
        Face = TinySpeakerFixture.Learning.Face with { Iterations = iterations, LearnInsideMouth = learnInsideMouth },
    };

    [Fact]
    public void The_target_keeps_the_inside_mouth_only_for_a_single_field()
    {
        using var dataset = fixture.Open();
        var frame = dataset.Train.Frames.MaxBy(f => f.MouthOpening)!;
        var images = dataset.Images(frame);
        int plane = dataset.Width * dataset.Height;
        Assert.Contains(images.Masks.Mouth, m => m);
        foreach (bool single in new[] { false, true })
        {
            using var context = new TrainingContext(With(single), dataset, TestDevices.Cpu);
            using var stage = new FaceStage(context, TrainingState.For(context.Settings));
            var image = new float[3 * plane];
            var target = new float[3 * plane];
            stage.RenderForValidation(0, frame, images, image, target);
            for (int p = 0; p < plane; p++)
            {
                if (!images.Masks.Mouth[p]) continue;
                var expected = single ? (images.GroundTruth.Pixels[p], images.GroundTruth.Pixels[plane + p], images.GroundTruth.Pixels[2 * plane + p]) : context.Background;
                Assert.Equal(expected, (target[p], target[plane + p], target[2 * plane + p]));
            }
        }
    }

    [Fact]
    public void A_training_step_compares_the_inside_mouth_with_the_frame_only_for_a_single_field()
    {
        using var dataset = fixture.Open();
        int plane = dataset.Width * dataset.Height;
        // Both variants start alike and draw the same frame; their L1 at iteration 0 differs by the mouth pixels alone:
        // Σ over mouth pixels and channels of |C − I| − |C − green|, over 3·H·W.
        var l1 = new Dictionary<bool, float>();
        TalkingGaussian.Data.TalkingFrame? drawn = null;
        var image = new float[3 * plane];
        var target = new float[3 * plane];
        foreach (bool single in new[] { false, true })
        {
            var settings = With(single) with { Face = With(single).Face with { Sampling = new() { Enabled = false } } };
            using var context = new TrainingContext(settings, dataset, TestDevices.Cpu);
            using var stage = new FaceStage(context, TrainingState.For(settings));
            if (single) stage.RenderForValidation(0, drawn!, dataset.Images(drawn!), image, target); // θ_C before the first step
            var record = stage.Step(0);
            Assert.True(drawn is null || drawn.ImgId == record.Sample!.Frame.ImgId);
            drawn = record.Sample!.Frame;
            l1[single] = record.Losses["l1"];
        }
        var images = dataset.Images(drawn!);
        Assert.Contains(images.Masks.Mouth, m => m); // seed 0 draws a frame with the mouth open (else the case shows nothing)
        double expected = 0;
        for (int c = 0; c < 3; c++)
            for (int p = 0; p < plane; p++)
                if (images.Masks.Mouth[p])
                {
                    float green = c == 1 ? 1f : 0f, value = image[c * plane + p];
                    expected += Math.Abs(value - images.GroundTruth.Pixels[c * plane + p]) - Math.Abs(value - green);
                }
        expected /= 3.0 * plane;
        Assert.True(Math.Abs(expected) > 1e-4, $"the mouth changes L1 by {expected:E2} only"); // measured −2.7e-4 here
        Assert.Equal(expected, l1[true] - l1[false], 6); // float sums of 12,288 terms near 0.1: about 1e-8 apart
    }

    [Fact]
    public void The_single_field_head_is_the_face_over_the_plate()
    {
        using var dataset = fixture.Open();
        using var context = new TrainingContext(With(true, 12), dataset, TestDevices.Cpu);
        var state = TrainingState.For(context.Settings);
        using (var stage = new FaceStage(context, state))
            for (int it = 0; it < stage.Iterations; it++) stage.Step(it);
        var frame = dataset.Val.Frames[0];
        var plate = dataset.Images(frame).TorsoPlate.Pixels;
        using var head = new SingleFieldHead(state.FaceGaussians!.Field, state.FaceField, state.FaceMotion!.Parameters, TestDevices.Cpu);
        var image = (float[])head.Render(dataset.AudioWindow(frame), frame.Expression, frame.Camera, plate).Clone();

        // The same face branch through the two-branch renderer gives C_face and A_face; C_face + P(1 − A_face) must match.
        var mouth = new TalkingGaussian.Gaussians.PersistentGaussianField(1);
        mouth.OpacitiesRaw[0] = -30f; // one invisible Gaussian: the two-branch renderer needs a mouth field
        mouth.RotationsRaw[0] = 1f;
        var model = new TalkingHeadModel(new ModelInfo(dataset.Width, dataset.Height, dataset.FocalLength, context.Settings.AudioExtractor, ""),
            state.FaceGaussians!.Field, state.FaceMotion!.Parameters, mouth, new float[state.MouthField.ParameterCount]);
        using var two = new TalkingHeadRenderer(model, TestDevices.Cpu);
        var parts = two.Render(dataset.AudioWindow(frame), frame.Expression, frame.Camera, plate);
        int plane = dataset.Width * dataset.Height;
        for (int i = 0; i < image.Length; i++)
            Assert.Equal(parts.FaceColor[i] + plate[i] * (1 - parts.FaceAlpha[i % plane]), image[i], 5); // same renders: float rounding only
    }
}
