using TalkingGaussian.Evaluation;
using TalkingGaussian.Media;
using TalkingGaussian.Tests.Gaussians;

namespace TalkingGaussian.Tests.Media;

/// <summary>
/// The ffmpeg video writer and reader. Durations are checked with ffprobe on the written file. In the exclusive
/// collection because one test empties PATH to show the missing-ffmpeg error.
/// </summary>
[Collection(ExclusiveCollection.Name)]
public sealed class Mp4WriterTests : TempFolderTest
{
    private const int W = 64, H = 48, Frames = 50; // 2.0 s at 25 fps

    private static Mp4Result Write(string path, string? audio, int frames = Frames, int width = W, int height = H)
    {
        using var writer = new Mp4Writer(path, width, height, new Mp4WriterOptions { AudioPath = audio });
        for (int k = 0; k < frames; k++) writer.Write(VideoTestFrames.Frame(k, width, height));
        return writer.Complete();
    }

    [Theory]
    [InlineData(1.3)] // audio shorter than the video: padded with silence
    [InlineData(3.1)] // audio longer: cut
    public void Audio_and_video_durations_agree_within_one_frame(double audioSeconds)
    {
        var folder = TempFolder();
        var path = Path.Combine(folder, "talk.mp4");
        var result = Write(path, VideoTestFrames.Tone(folder, audioSeconds));

        var info = MediaProbe.Read(path);
        Assert.True(result.HasAudio);
        Assert.Equal(("h264", "yuv420p", "aac"), (info.VideoCodec, info.PixelFormat, info.AudioCodec));
        Assert.Equal(25.0, info.FrameRate, 6);
        Assert.Equal(2.0, info.VideoSeconds, 0.04);
        Assert.NotNull(info.AudioSeconds);
        Assert.True(Math.Abs(info.AudioSeconds!.Value - info.VideoSeconds) < 1.0 / 25,
            $"audio {info.AudioSeconds} s against video {info.VideoSeconds} s");
        Assert.Single(Directory.GetFiles(folder, "*.mp4"));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void Sound_from_a_later_start_still_lasts_as_long_as_the_video()
    {
        var folder = TempFolder();
        var path = Path.Combine(folder, "late.mp4");
        using (var writer = new Mp4Writer(path, W, H, new Mp4WriterOptions { AudioPath = VideoTestFrames.Tone(folder, 3.1), AudioStartSeconds = 1.6 }))
        {
            for (int k = 0; k < Frames; k++) writer.Write(VideoTestFrames.Frame(k, W, H));
            writer.Complete();
        }
        var info = MediaProbe.Read(path); // 1.5 s of tone left after 1.6 s, then silence up to the video's 2 s
        Assert.True(Math.Abs(info.AudioSeconds!.Value - info.VideoSeconds) < 1.0 / 25, $"audio {info.AudioSeconds} s against video {info.VideoSeconds} s");
        Assert.Throws<ArgumentOutOfRangeException>(() => new Mp4Writer(path, W, H, new Mp4WriterOptions { AudioStartSeconds = -1 }));
    }

    [Fact]
    public void Frames_read_back_match_what_was_written()
    {
        var path = Path.Combine(TempFolder(), "silent.mp4");
        Write(path, audio: null);
        Assert.Null(MediaProbe.Read(path).AudioSeconds);

        using var reader = VideoReader.Open(path);
        Assert.Equal((W, H), (reader.Width, reader.Height));
        var frame = new float[3 * W * H];
        int k = 0;
        while (reader.Read(frame))
        {
            // crf 10 on smooth content: measured 39.7–40.9 dB per frame
            Assert.True(ImageMetrics.Psnr(frame, VideoTestFrames.Frame(k, W, H)) > 36, $"frame {k}");
            k++;
        }
        Assert.Equal(Frames, k);
    }

    [Fact]
    public void Odd_sizes_are_padded_to_even()
    {
        var path = Path.Combine(TempFolder(), "odd.mp4");
        Write(path, null, frames: 5, width: 33, height: 17);
        var info = MediaProbe.Read(path);
        Assert.Equal((34, 18), (info.Width, info.Height));
    }

    [Fact]
    public void An_unfinished_video_leaves_the_old_file_and_no_temporaries()
    {
        var folder = TempFolder();
        var path = Path.Combine(folder, "keep.mp4");
        File.WriteAllText(path, "previous");
        using (var writer = new Mp4Writer(path, W, H))
            writer.Write(VideoTestFrames.Frame(0, W, H));
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder));
    }

    [Fact]
    public void A_wrong_frame_size_is_refused()
    {
        using var writer = new Mp4Writer(Path.Combine(TempFolder(), "x.mp4"), W, H);
        var e = Assert.Throws<ArgumentException>(() => writer.Write(new float[10]));
        Assert.Contains($"{W}×{H}", e.Message);
    }

    [Fact]
    public void Missing_ffmpeg_says_how_to_install_it()
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", TempFolder());
        try
        {
            var e = Assert.Throws<ExternalToolMissingException>(() => new Mp4Writer(Path.Combine(TempFolder(), "x.mp4"), W, H));
            Assert.Contains("apt-get install ffmpeg", e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }
}
