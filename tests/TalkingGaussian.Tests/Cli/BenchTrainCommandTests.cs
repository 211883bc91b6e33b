using System.Text.Json;
using TalkingGaussian.Training;

namespace TalkingGaussian.Tests.Cli;

/// <summary><c>tg bench train</c> end to end at a tiny size: every part timed, wall and CPU, for both paths; bad cases refused.</summary>
[Collection(ExclusiveCollection.Name)]
public sealed class BenchTrainCommandTests
{
    [Fact]
    public void Json_has_every_part_for_the_fast_path_and_the_references_with_both_ratios()
    {
        var (code, stdout, stderr) = Tg.Run("bench", "train", "--cases", "64:1000", "--reps", "2", "--reference-reps", "1", "--json", "--device", "cpu");
        Assert.True(code == 0, stderr);
        var r = JsonDocument.Parse(Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(64, r.GetProperty("size").GetInt32());
        Assert.InRange(r.GetProperty("gaussians").GetInt32(), 500, 1500); // the synthetic head at the level of detail for about 1000
        foreach (var key in new[] { "iteration_ms", "reference_iteration_ms", "fast_over_reference", "iteration_cpu_ms", "reference_iteration_cpu_ms" })
            Assert.True(r.GetProperty(key).GetDouble() > 0, key);
        var parts = new[] { "parts_ms", "reference_parts_ms", "parts_cpu_ms", "reference_parts_cpu_ms" };
        foreach (var key in parts)
        {
            var names = r.GetProperty(key).EnumerateObject().Select(p => p.Name).ToArray();
            Assert.Equal(["data", "motion_forward", "raster_forward", "loss", "raster_backward", "motion_backward", "optimizer", "densification"], names);
        }
        // The parts are really timed, on both paths.
        Assert.True(r.GetProperty("parts_ms").GetProperty("raster_forward").GetDouble() > 0);
        Assert.True(r.GetProperty("reference_parts_ms").GetProperty("motion_backward").GetDouble() > 0);
        Assert.Equal(StepTimer.Phases.Length, r.GetProperty("parts_ms").EnumerateObject().Count());
    }

    [Theory]
    [InlineData("--cases", "64")]
    [InlineData("--cases", "16:100")]
    [InlineData("--reps", "0")]
    [InlineData("--reference-reps", "21")]
    public void Bad_arguments_give_one_line_and_exit_code_one(string option, string value)
    {
        var (code, _, stderr) = Tg.Run("bench", "train", option, value, "--device", "cpu");
        Assert.Equal(1, code);
        Assert.StartsWith("tg: ", stderr);
    }
}
