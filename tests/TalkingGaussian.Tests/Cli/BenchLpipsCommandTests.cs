using System.Text.Json;

namespace TalkingGaussian.Tests.Cli;

/// <summary><c>tg bench lpips</c> prints one JSON object per size and refuses bad arguments.</summary>
[Collection(ExclusiveCollection.Name)]
public sealed class BenchLpipsCommandTests
{
    [Fact]
    public void Prints_timings_per_size_with_the_reference_ratio_at_small_sizes()
    {
        var r = Tg.Run("bench", "lpips", "--sizes", "32", "40", "--reps", "1", "--reference-up-to", "32", "--json");
        Assert.True(r.Code == 0, r.Err);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal(32, first.GetProperty("size").GetInt32());
        Assert.True(first.GetProperty("forward_ms").GetDouble() > 0);
        Assert.True(first.GetProperty("fast_over_reference").GetDouble() > 0);
        var second = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal(JsonValueKind.Null, second.GetProperty("reference_forward_backward_ms").ValueKind);
    }

    [Fact]
    public void Sizes_below_the_minimum_are_refused()
    {
        var r = Tg.Run("bench", "lpips", "--sizes", "16");
        Assert.Equal(1, r.Code);
        Assert.Contains("31", r.Err);
    }
}
