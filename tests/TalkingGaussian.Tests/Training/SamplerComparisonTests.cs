using TalkingGaussian.Training;
using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Tests.Training;

[Collection(ExclusiveCollection.Name)]
public sealed class SamplerComparisonTests(TinySpeakerFixture fixture) : IClassFixture<TinySpeakerFixture>
{
    private static readonly TrainingSettings Settings = TinySpeakerFixture.Learning with
    {
        Face = TinySpeakerFixture.Learning.Face with { Iterations = 30, Sampling = new() { Interval = 2 } },
    };

    [Fact]
    public void Both_variants_start_alike_and_differ_only_in_how_frames_are_drawn()
    {
        using var dataset = fixture.Open();
        var lines = new List<string>();
        var result = SamplerComparison.Run(dataset, TestDevices.Cpu, Settings, every: 10, lines.Add);
        foreach (var curve in new[] { result.Windows, result.Uniform })
        {
            Assert.Equal([0.0, 10, 20, 30], curve.Iterations);
            Assert.All(curve.Scores, s => Assert.Equal(dataset.Val.Frames.Count, s.ImgIds.Length));
        }
        // Same seed, same start: before the first step both score the same images.
        Assert.Equal(result.Windows.Scores[0].Psnr, result.Uniform.Scores[0].Psnr);
        Assert.Equal(result.Windows.Scores[0].LipsPsnr, result.Uniform.Scores[0].LipsPsnr);
        Assert.Equal(0, result.Uniform.WindowedDraws);
        Assert.True(result.Windows.WindowedDraws >= 10, $"{result.Windows.WindowedDraws} windowed draws"); // K = 2 over 30 iterations
        Assert.NotEqual(result.Windows.Scores[^1].Psnr, result.Uniform.Scores[^1].Psnr); // they did train differently
        Assert.Equal(30, result.Windows.Draws.Length);
        Assert.All(result.Windows.Draws, id => Assert.Contains(dataset.Train.Frames, f => f.ImgId == id));
        Assert.True(result.Windows.Windowed[0] && !result.Windows.Windowed[1]); // K = 2: iteration 0 windowed, 1 uniform
        Assert.Equal(8, lines.Count);
        var d = result.FinalLipsPsnr;
        Assert.Equal(dataset.Val.Frames.Count, d.Count);
        Assert.Equal(result.Windows.Scores[^1].LipsPsnr.Zip(result.Uniform.Scores[^1].LipsPsnr, (a, b) => a - b).Average(), d.Mean, 9);
    }

    [Fact]
    public void Uniform_settings_are_refused_as_the_windowed_variant()
    {
        using var dataset = fixture.Open();
        var uniform = Settings with { Face = Settings.Face with { Sampling = Settings.Face.Sampling with { Enabled = false } } };
        Assert.Throws<ArgumentException>(() => SamplerComparison.Run(dataset, TestDevices.Cpu, uniform, 10));
    }
}
