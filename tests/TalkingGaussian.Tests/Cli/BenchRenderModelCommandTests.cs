using System.Text.Json;
using TalkingGaussian.Tests.Inference;

namespace TalkingGaussian.Tests.Cli;

[Collection(ExclusiveCollection.Name)]
public sealed class BenchRenderModelCommandTests(TrainedSpeakerFixture fixture) : IClassFixture<TrainedSpeakerFixture>
{
    [Fact]
    public void Json_gives_the_frame_rate_and_stages_that_fit_inside_the_frame_time()
    {
        var (code, stdout, err) = Tg.Run("bench", "render-model", fixture.Run.Folder, "--sizes", "32", "96", "--frames", "3", "--json", "--device", "cpu");
        Assert.True(code == 0, err);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        foreach (var (line, side) in lines.Zip([32, 96]))
        {
            var root = JsonDocument.Parse(line).RootElement;
            Assert.Equal(side, root.GetProperty("width").GetInt32());
            double ms = root.GetProperty("ms_per_frame").GetDouble();
            Assert.Equal(1000 / ms, root.GetProperty("fps").GetDouble(), 0.01 * 1000 / ms);
            double stages = root.GetProperty("stages_ms_per_frame").EnumerateObject().Sum(p => p.Value.GetDouble());
            Assert.True(stages > 0 && stages <= ms * 1.01, $"stages {stages} ms within a frame of {ms} ms");
            Assert.Equal(5, root.GetProperty("stages_ms_per_frame").EnumerateObject().Count());
        }
    }

    [Fact]
    public void Bad_sizes_are_refused()
    {
        var (code, _, err) = Tg.Run("bench", "render-model", fixture.Run.Folder, "--sizes", "8");
        Assert.Equal(1, code);
        Assert.Contains("--sizes", err);
    }
}
