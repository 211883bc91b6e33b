using TalkingGaussian.Data.Synthetic;
using TalkingGaussian.Training;
using TalkingGaussian.Training.History;
using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Tests.Training;

[Collection(ExclusiveCollection.Name)]
public sealed class ExampleRunsTests(TinySpeakerFixture fixture) : IClassFixture<TinySpeakerFixture>
{
    [Fact]
    public void A_run_is_trained_once_as_tg_train_writes_it_and_reused_after()
    {
        string parent = fixture.NewRun();
        var settings = TinySpeakerFixture.Settings;
        var run = ExampleRuns.Ensure(fixture.Folder, parent, settings, TestDevices.Cpu);
        Assert.True(File.Exists(run.EvalPath));
        Assert.True(File.Exists(Path.Combine(run.ModelFolder, "model.json")));
        var (read, dataset) = run.ReadSettings();
        Assert.Equal(TrainingSettingsJson.Serialize(settings), TrainingSettingsJson.Serialize(read));
        Assert.Equal(Path.GetFullPath(fixture.Folder), dataset);
        Assert.Equal(3, TrainingHistory.Read(run).Stages.Count);

        var written = File.GetLastWriteTimeUtc(run.LogPath);
        var again = ExampleRuns.Ensure(fixture.Folder, parent, settings, TestDevices.Cpu);
        Assert.Equal(run.Folder, again.Folder);
        Assert.Equal(written, File.GetLastWriteTimeUtc(again.LogPath)); // not trained again

        // Checkpoints load back with the run's settings: the fusion stage's end is the saved model.
        using (var data = fixture.Open())
        {
            var end = run.LoadState(run.CheckpointPath(TrainingStage.Fuse, 0, stageEnd: true), data, TestDevices.Cpu);
            var model = TalkingGaussian.Model.TalkingHeadModel.Load(run.Folder);
            Assert.Equal(model.Face.Sh, end.FaceGaussians!.Field.Sh.AsSpan(0, model.Face.Sh.Length).ToArray());
            Assert.Equal(model.MouthMotion, end.MouthMotion!.Parameters);
            var face = run.LoadState(run.CheckpointPath(TrainingStage.Face, 0, stageEnd: true), data, TestDevices.Cpu);
            Assert.Null(face.MouthGaussians);
            Assert.Throws<FileNotFoundException>(() => run.LoadState(Path.Combine(run.CheckpointFolder, "none.npz"), data, TestDevices.Cpu));
        }

        var other = settings with { Seed = 5 };
        Assert.NotEqual(run.Folder, ExampleRuns.FolderOf(fixture.Folder, parent, other));
        Assert.Throws<ArgumentException>(() => ExampleRuns.Ensure(fixture.Folder, parent, settings with { Stages = [TrainingStage.Face] }, TestDevices.Cpu));
    }

    [Fact]
    public void An_existing_synthetic_speaker_is_used_as_it_is()
    {
        string folder = SyntheticSpeaker.Ensure(fixture.Folder, new SyntheticSpeakerOptions { Size = 999 }); // would throw if it generated
        Assert.Equal(Path.GetFullPath(fixture.Folder), folder);
    }
}
