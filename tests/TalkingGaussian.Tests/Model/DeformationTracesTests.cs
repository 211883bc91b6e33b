using TalkingGaussian.Model;
using TalkingGaussian.Motion;
using TalkingGaussian.Rendering;
using TalkingGaussian.Tests.Training;
using TalkingGaussian.Training;

namespace TalkingGaussian.Tests.Model;

[Collection(ExclusiveCollection.Name)]
public sealed class DeformationTracesTests(TinySpeakerFixture fixture) : IClassFixture<TinySpeakerFixture>
{
    [Fact]
    public void Traces_are_the_motion_fields_translations_of_the_picked_gaussians()
    {
        using var dataset = fixture.Open();
        var run = new TrainingRun(fixture.NewRun());
        using (var context = new TrainingContext(TinySpeakerFixture.Learning, dataset, TestDevices.Cpu))
            new Trainer(context, run).Run();
        var model = TalkingHeadModel.Load(run.Folder);
        var frames = dataset.Val.Frames;
        var first = frames[0];
        // Aim at the pixel under the most opaque Gaussian's centre.
        int opaque = Enumerable.Range(0, model.Face.Count).MaxBy(i => model.Face.OpacitiesRaw[i]);
        var at = first.Camera.Project(new System.Numerics.Vector3(model.Face.Means[3 * opaque], model.Face.Means[3 * opaque + 1], model.Face.Means[3 * opaque + 2]));
        int lip = DeformationTraces.MostVisibleAt(model.Face, first.Camera, at.X, at.Y);
        Assert.InRange(lip, 0, model.Face.Count - 1);
        // The picked Gaussian is the one with the largest weight in Eq. 2's sum at that pixel.
        var inputs = Deformation.Apply(model.Face, null);
        inputs.Colors = new float[3 * inputs.Count];
        inputs.Sh = null;
        var trace = PixelCompositingTrace.At(inputs, first.Camera, (int)at.X, (int)at.Y);
        Assert.Equal(trace.Steps.MaxBy(s => s.Weight)!.Index, lip);
        // Where no Gaussian shows, there is none to pick.
        var invisible = new TalkingGaussian.Gaussians.PersistentGaussianField(model.Face.Count);
        Array.Copy(model.Face.Means, invisible.Means, 3 * model.Face.Count);
        Array.Copy(model.Face.RotationsRaw, invisible.RotationsRaw, 4 * model.Face.Count);
        Array.Fill(invisible.OpacitiesRaw, -30f);
        Assert.Equal(-1, DeformationTraces.MostVisibleAt(invisible, first.Camera, at.X, at.Y));

        int[] picked = [lip, 0, model.Face.Count - 1];
        var traces = DeformationTraces.Translations(model, dataset, frames, picked);
        Assert.Equal(frames.Count, traces.Length);
        // Against the backend the renderer uses, on every Gaussian of the field.
        using var renderer = new BranchRenderer(model.Face, model.FaceField, MotionBackends.Create(TestDevices.Cpu, model.FaceField), Rasterizers.Create(TestDevices.Cpu));
        for (int t = 0; t < frames.Count; t++)
        {
            var f = frames[t];
            renderer.Forward(model.FaceMotion, new MotionCondition(dataset.AudioWindow(f), f.Expression), f.Camera, new RasterSettings(), false, false);
            var deltas = renderer.Deltas!.Values.AsSpan(0, MotionDeltas.FaceStride * model.Face.Count);
            double scale = 1e-30;
            foreach (float v in deltas) scale = Math.Max(scale, Math.Abs(v));
            for (int k = 0; k < picked.Length; k++)
                for (int a = 0; a < 3; a++)
                {
                    float expected = deltas[MotionDeltas.FaceStride * picked[k] + a];
                    // Reference vs the backend: the same sums in another order; 1e-5 of the largest delta, as the motion kernel tests.
                    Assert.True(Math.Abs(expected - traces[t][3 * k + a]) <= 1e-5 * scale, $"frame {f.ImgId}, Gaussian {picked[k]}, axis {a}: {expected} vs {traces[t][3 * k + a]}");
                }
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => DeformationTraces.Translations(model, dataset, frames, [model.Face.Count]));
    }
}
