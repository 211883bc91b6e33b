using TalkingGaussian.Training;
using TalkingGaussian.Training.History;

namespace TalkingGaussian.Tests.Training.History;

[Collection(ExclusiveCollection.Name)]
public sealed class TrainingHistoryTests(TinySpeakerFixture fixture) : IClassFixture<TinySpeakerFixture>
{
    [Fact]
    public void The_history_collected_while_training_is_what_the_run_folder_reads_back()
    {
        using var dataset = fixture.Open();
        using var context = new TrainingContext(TinySpeakerFixture.Settings, dataset, TestDevices.Cpu);
        var run = new TrainingRun(fixture.NewRun());
        var live = new TrainingHistory();
        new Trainer(context, run) { Iterated = (r, _) => live.Add(r), Validated = live.Add }.Run();

        var read = TrainingHistory.Read(run);
        var s = TinySpeakerFixture.Settings;
        Assert.Equal(s.Face.Iterations + s.Mouth.Iterations + s.Fuse.Iterations, live.Iterations.Count);
        Assert.Equal(live.Iterations.Count, read.Iterations.Count);
        for (int i = 0; i < live.Iterations.Count; i++)
        {
            var (a, b) = (live.Iterations[i], read.Iterations[i]);
            Assert.Equal((a.Stage, a.Iteration, a.Deformed, a.ImgId, a.Fallback, a.Densified, a.BackgroundGaussians), (b.Stage, b.Iteration, b.Deformed, b.ImgId, b.Fallback, b.Densified, b.BackgroundGaussians));
            Assert.Equal((a.FaceGaussians, a.MouthGaussians), (b.FaceGaussians, b.MouthGaussians));
            Assert.Equal(a.Losses.OrderBy(p => p.Key), b.Losses.OrderBy(p => p.Key)); // floats are written shortest-round-trip: exact
            Assert.Equal(a.Total, b.Total);
            Assert.Equal(a.Windows, b.Windows); // the mouth's open window end (+∞) is written as null and read back as +∞
        }
        Assert.Equal(live.Validations, read.Validations);
        Assert.Equal([TalkingGaussian.Training.Settings.TrainingStage.Face, TalkingGaussian.Training.Settings.TrainingStage.Mouth, TalkingGaussian.Training.Settings.TrainingStage.Fuse], read.Stages);

        // The entries say what happened: static iterations then deformed ones, densification, windowed draws, the terms per stage.
        var face = read.Of(TalkingGaussian.Training.Settings.TrainingStage.Face);
        Assert.False(face[0].Deformed);
        Assert.True(face[^1].Deformed);
        Assert.Contains(face, e => e.Densified is not null);
        Assert.Contains(face, e => e.Windowed);
        Assert.Contains(read.Iterations, e => e.Windows.Any(w => double.IsPositiveInfinity(w.Upper)));
        Assert.Equal(["l1", "dssim", "alpha", "attention", "deformation"], read.LossNames(TalkingGaussian.Training.Settings.TrainingStage.Face));
        Assert.Equal(["l1", "dssim"], read.LossNames(TalkingGaussian.Training.Settings.TrainingStage.Fuse));
    }

    [Fact]
    public void A_damaged_line_is_reported_with_its_file_and_number_but_a_cut_last_line_is_not()
    {
        var run = new TrainingRun(fixture.NewRun());
        Directory.CreateDirectory(run.Folder);
        string good = """{"stage":"face","it":0,"deformed":false,"loss":{"l1":0.5},"total":0.5,"psnr":null,"gaussians":{"face":10,"mouth":0}}""";
        File.WriteAllLines(run.LogPath, [good, "{\"stage\":\"face\",\"it\":1,\"def"]); // a run still writing
        var read = TrainingHistory.Read(run);
        Assert.Single(read.Iterations);
        Assert.True(double.IsNaN(read.Iterations[0].Psnr));
        Assert.Equal(0.5, read.Iterations[0].Loss("l1"));
        Assert.True(double.IsNaN(read.Iterations[0].Loss("dssim")));

        File.WriteAllLines(run.LogPath, [good, "not json", good]);
        var e = Assert.Throws<InvalidDataException>(() => TrainingHistory.Read(run));
        Assert.Contains("log.jsonl, line 2", e.Message);
        Assert.Throws<InvalidDataException>(() => TrainingHistory.Read(new TrainingRun(fixture.NewRun())));
    }

    [Fact]
    public void The_running_mean_averages_the_last_values_and_skips_missing_ones()
    {
        double[] v = [1, 3, double.NaN, 5, 7];
        var m = TrainingHistory.RunningMean(v, 2);
        Assert.Equal([1, 2, 3, 5, 6], m);
        Assert.Equal(v.Where(x => !double.IsNaN(x)).Average(), TrainingHistory.RunningMean(v, 5)[^1], 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingHistory.RunningMean(v, 0));
    }
}
