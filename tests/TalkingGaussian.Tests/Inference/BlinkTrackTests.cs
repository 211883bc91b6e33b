using TalkingGaussian.Inference;
using TalkingGaussian.Tests.Data;

namespace TalkingGaussian.Tests.Inference;

public sealed class BlinkTrackTests : DataTempTest
{
    [Fact]
    public void Auto_keeps_the_pose_tracks_blink_and_none_opens_the_eyes()
    {
        Assert.Equal(1.3f, BlinkTrack.Auto.Au45(5, 1.3f));
        Assert.Equal(0f, BlinkTrack.None.Au45(5, 1.3f));
    }

    [Fact]
    public void A_file_gives_its_au45_column_clipped_to_0_2_and_played_forward_and_backward()
    {
        string path = Path.Combine(TempFolder(), "au.csv");
        File.WriteAllText(path, "frame, AU01_r, AU45_r\n1, 0.5, 0.25\n2, 0.5, 3.5\n3, 0.5, -1\n");
        var track = BlinkTrack.FromFile(path);
        var values = Enumerable.Range(0, 6).Select(k => track.Au45(k, 9f)).ToArray();
        Assert.Equal([0.25f, 2f, 0f, 2f, 0.25f, 2f], values);
    }

    [Fact]
    public void A_file_without_au45_is_refused_with_its_columns()
    {
        string path = Path.Combine(TempFolder(), "blinks.csv");
        File.WriteAllText(path, "frame,AU01_r\n1,0.5\n");
        var e = Assert.Throws<InvalidDataException>(() => BlinkTrack.FromFile(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("AU45_r", e.Message);
        Assert.Throws<InvalidDataException>(() => BlinkTrack.FromFile(Path.Combine(TempFolder(), "missing.csv")));
    }
}
