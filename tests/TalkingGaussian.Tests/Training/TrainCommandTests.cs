using TalkingGaussian.Tests.Cli;

namespace TalkingGaussian.Tests.Training;

[Collection(ExclusiveCollection.Name)]
public sealed class TrainCommandTests(TinySpeakerFixture fixture) : IClassFixture<TinySpeakerFixture>
{
    [Fact]
    public void Impossible_settings_are_refused_before_anything_is_written()
    {
        string run = fixture.NewRun();
        var (code, _, err) = Tg.Run("train", fixture.Folder, "--out", run, "--preset", "quick",
            "--set", "face.iterations=0", "--set", "face.sampling.blink_lower=0.9");
        Assert.Equal(1, code);
        Assert.Contains("face.iterations", err);
        Assert.Contains("swap", err);
        Assert.False(Directory.Exists(run));
        (code, _, err) = Tg.Run("train", fixture.Folder, "--out", run, "--set", "face.sampling.no_such=1");
        Assert.Equal(1, code);
        Assert.Contains("no_such", err);
    }

    [Fact]
    public void A_broken_dataset_is_refused_with_its_report()
    {
        string copy = Path.Combine(Path.GetDirectoryName(fixture.NewRun())!, "broken-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(fixture.Folder)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        File.Delete(Path.Combine(copy, "bc.jpg")); // and no image folders at all
        var (code, _, err) = Tg.Run("train", copy, "--out", fixture.NewRun(), "--preset", "quick");
        Assert.Equal(1, code);
        Assert.Contains("bc.jpg", err);
    }

    [Fact]
    public void Resume_needs_a_run_and_takes_no_new_settings()
    {
        var (code, _, err) = Tg.Run("train", "--resume", fixture.NewRun());
        Assert.Equal(1, code);
        Assert.Contains("settings.json", err);
        (code, _, err) = Tg.Run("train", "--resume", fixture.NewRun(), "--set", "seed=1");
        Assert.Equal(1, code);
        Assert.Contains("--resume", err);
        (code, _, err) = Tg.Run("train", fixture.Folder);
        Assert.Equal(1, code);
        Assert.Contains("--out", err);
    }
}
