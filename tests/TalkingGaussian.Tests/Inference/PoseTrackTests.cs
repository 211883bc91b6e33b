using TalkingGaussian.Data;
using TalkingGaussian.Inference;
using TalkingGaussian.Tests.Data;

namespace TalkingGaussian.Tests.Inference;

[Collection(ExclusiveCollection.Name)]
public sealed class PoseTrackTests(TrainedSpeakerFixture fixture) : DataTempTest, IClassFixture<TrainedSpeakerFixture>
{
    [Theory]
    [InlineData(1, new[] { 0, 0, 0, 0 })]
    [InlineData(2, new[] { 0, 1, 0, 1, 0 })]
    [InlineData(4, new[] { 0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2 })]
    public void Ping_pong_plays_forward_then_backward_without_repeating_the_turning_frames(int count, int[] expected)
    {
        var actual = Enumerable.Range(0, expected.Length).Select(k => PoseTrack.PingPong(k, count)).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Ping_pong_stays_in_range_and_moves_one_frame_at_a_time_for_long_audio()
    {
        const int n = 7;
        int previous = PoseTrack.PingPong(0, n);
        for (int k = 1; k < 1000; k++)
        {
            int i = PoseTrack.PingPong(k, n);
            Assert.InRange(i, 0, n - 1);
            Assert.Equal(1, Math.Abs(i - previous));
            previous = i;
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => PoseTrack.PingPong(-1, n));
        Assert.Throws<ArgumentOutOfRangeException>(() => PoseTrack.PingPong(0, 0));
    }

    [Fact]
    public void A_split_track_has_the_trainers_cameras_and_expressions_and_scales_its_focal_length()
    {
        using var dataset = TalkingDataset.Open(fixture.Dataset);
        var track = PoseTrack.FromSplit(fixture.Files, DatasetSplit.Val, dataset.Width, dataset.Height);
        Assert.Equal(dataset.Val.Frames.Count, track.Frames.Count);
        for (int k = 0; k < track.Frames.Count; k++)
        {
            var expected = dataset.Val.Frames[k];
            Assert.Equal(expected.ImgId, track.At(k).ImgId);
            Assert.Equal(expected.Expression, track.At(k).Expression);
            Assert.Equal(expected.Camera, track.Camera(k, dataset.Width, dataset.Height));
        }
        var twice = track.Camera(0, 2 * dataset.Width, 2 * dataset.Height);
        Assert.Equal(2 * dataset.Val.Frames[0].Camera.Fx, twice.Fx, 3); // same view at twice the pixels
        Assert.Equal(dataset.Val.Frames[0].Camera.FovX, twice.FovX, 6);
    }

    [Fact]
    public void A_transforms_file_naming_frames_the_dataset_lacks_is_refused_with_its_name()
    {
        var folder = TempFolder();
        var file = TransformsFile.Read(fixture.Files.Transforms(DatasetSplit.Val));
        string path = Path.Combine(folder, "orbit.json");
        new TransformsFile(file.FocalLength, file.Cx, file.Cy, [file.Frames[0] with { ImgId = 999 }]).Write(path);
        var e = Assert.Throws<InvalidDataException>(() => PoseTrack.FromFile(path, fixture.Files, 64, 64));
        Assert.Contains(path, e.Message);
        Assert.Contains("img_id 999", e.Message);

        File.WriteAllText(path, "{ not json");
        e = Assert.Throws<InvalidDataException>(() => PoseTrack.FromFile(path, fixture.Files, 64, 64));
        Assert.Contains(path, e.Message);
    }
}
