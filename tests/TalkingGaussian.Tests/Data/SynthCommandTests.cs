using TalkingGaussian.Tests.Cli;
using TalkingGaussian.Data;

namespace TalkingGaussian.Tests.Data;

/// <summary><c>tg synth</c> end to end: options reach the generator and the result passes <c>tg data check</c>.</summary>
[Collection(ExclusiveCollection.Name)]
public class SynthCommandTests : DataTempTest
{
    [Fact]
    public void SynthWritesACheckedDatasetAndRefusesToOverwrite()
    {
        var dir = Path.Combine(TempFolder(), "speaker");
        string[] args = ["synth", dir, "--builtin-voice", "--size", "48", "--max-frames", "12", "--seed", "3", "--device", "cpu"];
        Assert.Equal(0, Tg.Run(args).Code);
        Assert.Equal(0, Tg.Run("data", "check", dir).Code);
        using (var ds = TalkingDataset.Open(dir))
        {
            Assert.Equal(48, ds.Width);
            Assert.Equal(12, ds.Train.Frames.Count + ds.Val.Frames.Count);
            Assert.Equal(10, ds.Train.Frames.Count); // ⌊12·10/11⌋
        }
        var before = File.ReadAllBytes(Path.Combine(dir, "au.csv"));
        var refused = Tg.Run(args);
        Assert.Equal(1, refused.Code);
        Assert.Contains("--overwrite", refused.Err);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(dir, "au.csv")));
        Assert.Equal(0, Tg.Run("synth", dir, "--builtin-voice", "--size", "48", "--max-frames", "11", "--seed", "3", "--device", "cpu", "--overwrite").Code);
        using var again = TalkingDataset.Open(dir);
        Assert.Equal(11, again.Train.Frames.Count + again.Val.Frames.Count);
    }
}
