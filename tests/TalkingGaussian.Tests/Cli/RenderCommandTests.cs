using TalkingGaussian.Compute;
using TalkingGaussian.Data;
using TalkingGaussian.Evaluation;
using TalkingGaussian.Inference;
using TalkingGaussian.Media;
using TalkingGaussian.Model;
using TalkingGaussian.Tests.Inference;
using TalkingGaussian.Tests.Media;

namespace TalkingGaussian.Tests.Cli;

/// <summary><c>tg render RUN</c> on the tiny trained speaker: what it writes, that it is what the trainer rendered, and its errors.</summary>
[Collection(ExclusiveCollection.Name)]
public sealed class RenderCommandTests(TrainedSpeakerFixture fixture) : IClassFixture<TrainedSpeakerFixture>
{
    /// <summary>
    /// Self-reconstruction of the val split, frames as lossless PNGs: each is the trainer's own fused image of that frame
    /// (the model it saved, rendered as its held-out evaluation renders it). Checked twice: against the renderer's image
    /// rounded to 8 bits, byte for byte (both paths are deterministic: SIMD rasterizer and motion backend), and against
    /// the per-frame PSNR the trainer wrote to eval.json (the 8-bit rounding moves it by under 0.01 dB at these errors).
    /// </summary>
    [Fact]
    public void A_split_render_is_the_trainers_fused_image_of_each_frame()
    {
        string folder = fixture.NewFolder(), png = Path.Combine(folder, "png"), video = Path.Combine(folder, "val.mp4");
        var (code, stdout, stderr) = Tg.Run("render", fixture.Run.Folder, "--split", "val", "--png", png, "--out", video, "--device", "cpu");
        Assert.True(code == 0, stderr);
        Assert.Contains(video, stdout);

        using var dataset = TalkingDataset.Open(fixture.Dataset);
        var model = TalkingHeadModel.Load(fixture.Run.Folder);
        using var renderer = new TalkingHeadRenderer(model, TestDevices.Cpu);
        var frames = dataset.Val.Frames;
        Assert.Equal(frames.Count, Directory.GetFiles(png, "*.png").Length);
        for (int k = 0; k < frames.Count; k++)
        {
            var images = dataset.Images(frames[k]);
            var head = renderer.Render(dataset.AudioWindow(frames[k]), frames[k].Expression, frames[k].Camera, images.TorsoPlate.Pixels).Head;
            var written = ImageIO.Load(Path.Combine(png, $"{k}.png"));
            for (int i = 0; i < head.Length; i++)
                Assert.True(ImageIO.ToByte(head[i]) == ImageIO.ToByte(written.Pixels[i]), $"frame {k}, value {i}: {head[i]} rendered, {written.Pixels[i]} written");
            Assert.Equal(fixture.Evaluation.FramePsnr[k], ImageMetrics.Psnr(written.Pixels, images.GroundTruth.Pixels), 0.01);
        }
    }

    /// <summary>
    /// The written files themselves, read back with ffprobe: H.264 yuv420p at 25 fps with AAC sound whose duration equals
    /// the video's within one frame, for the split's own sound (a stretch of aud.wav) and for a WAV longer than the pose
    /// track (which then plays forward and backward, so every audio frame gets a video frame).
    /// </summary>
    [Fact]
    public void The_video_and_its_sound_last_equally_long()
    {
        string folder = fixture.NewFolder();
        string split = Path.Combine(folder, "val.mp4");
        var (code, _, stderr) = Tg.Run("render", fixture.Run.Folder, "--split", "val", "--out", split, "--face-video", "--side-by-side", "--device", "cpu");
        Assert.True(code == 0, stderr);
        int valFrames = TransformsFile.Read(fixture.Files.Transforms(DatasetSplit.Val)).Frames.Count;
        AssertVideo(split, valFrames, fixture.Width, fixture.Height);
        AssertVideo(Path.Combine(folder, "val_face.mp4"), valFrames, fixture.Width, fixture.Height);
        AssertVideo(Path.Combine(folder, "val_side.mp4"), valFrames, 2 * fixture.Width, fixture.Height);

        string tone = VideoTestFrames.Tone(folder, 1.3); // 32 frames, more than the 20 of the train track
        string talk = Path.Combine(folder, "tone.mp4");
        (code, var stdout, stderr) = Tg.Run("render", fixture.Run.Folder, "--audio", tone, "--out", talk, "--device", "cpu");
        Assert.True(code == 0, stderr);
        Assert.Contains("played forward and backward", stdout);
        var info = AssertVideo(talk, DrivingAudio.FromWav(tone, AudioExtractor.DeepSpeech).Frames, fixture.Width, fixture.Height);
        Assert.True(Math.Abs(info.VideoSeconds - 1.3) < 1.0 / 25, $"video {info.VideoSeconds} s for 1.3 s of audio");
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void Missing_inputs_are_clear_errors_that_write_nothing()
    {
        string folder = fixture.NewFolder(), video = Path.Combine(folder, "x.mp4");
        var cases = new (string[] Args, string Expected)[]
        {
            (["render", Path.Combine(folder, "nope"), "--split", "val"], "no such folder"),
            (["render", folder, "--split", "val"], "model.json"),
            (["render", fixture.Run.Folder, "--out", video], "--audio WAV"),
            (["render", fixture.Run.Folder, "--split", "val", "--poses", Path.Combine(folder, "missing.json")], "--poses"),
            (["render", fixture.Run.Folder, "--split", "val", "--blink", "sometimes"], "--blink"),
            (["render", fixture.Run.Folder, "--audio", Path.Combine(folder, "none.wav")], "no such file"),
            (["render", fixture.Run.Folder, "--audio", Path.Combine(folder, "none.wav"), "--split", "val"], "--split"),
            (["render", fixture.Run.Folder, "--split", "val", "--side-by-side", "--gt", Path.Combine(folder, "no-truth")], "no-truth"),
        };
        foreach (var (args, expected) in cases)
        {
            var (code, _, err) = Tg.Run([.. args, "--device", "cpu"]);
            Assert.True(code == 1, $"{string.Join(' ', args)} → exit {code}");
            Assert.Contains(expected, err);
            Assert.DoesNotContain("   at ", err);
        }
        Assert.False(File.Exists(video));
    }

    [Fact]
    public void A_broken_poses_file_is_named_in_the_error()
    {
        string folder = fixture.NewFolder(), poses = Path.Combine(folder, "poses.json");
        File.WriteAllText(poses, "{\"focal_len\": 80, \"frames\": [ {\"img_id\": 0 ");
        var (code, _, err) = Tg.Run("render", fixture.Run.Folder, "--split", "val", "--poses", poses, "--out", Path.Combine(folder, "x.mp4"), "--device", "cpu");
        Assert.Equal(1, code);
        Assert.Contains(poses, err);
        Assert.Contains("not valid JSON", err);

        var val = TransformsFile.Read(fixture.Files.Transforms(DatasetSplit.Val));
        new TransformsFile(val.FocalLength, val.Cx, val.Cy, [val.Frames[0] with { ImgId = 5000 }]).Write(poses);
        (code, _, err) = Tg.Run("render", fixture.Run.Folder, "--split", "val", "--poses", poses, "--out", Path.Combine(folder, "x.mp4"), "--device", "cpu");
        Assert.Equal(1, code);
        Assert.Contains("img_id 5000", err);
        Assert.Empty(Directory.GetFiles(folder, "*.mp4"));
    }

    [Fact]
    public void Missing_ffmpeg_says_how_to_install_it_and_writes_nothing()
    {
        string folder = fixture.NewFolder(), video = Path.Combine(folder, "x.mp4");
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", folder);
        try
        {
            var (code, _, err) = Tg.Run("render", fixture.Run.Folder, "--split", "val", "--out", video, "--device", "cpu");
            Assert.Equal(1, code);
            Assert.Contains("apt-get install ffmpeg", err);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
        Assert.Empty(Directory.GetFiles(folder));
    }

    private static MediaInfo AssertVideo(string path, int frames, int width, int height)
    {
        var info = MediaProbe.Read(path);
        Assert.Equal(("h264", "yuv420p", "aac"), (info.VideoCodec, info.PixelFormat, info.AudioCodec));
        Assert.Equal((width, height), (info.Width, info.Height));
        Assert.Equal(25.0, info.FrameRate, 6);
        Assert.Equal(frames / 25.0, info.VideoSeconds, 0.021); // whole frames; ffprobe's stream duration is exact to the time base
        Assert.True(Math.Abs(info.AudioSeconds!.Value - info.VideoSeconds) < 1.0 / 25, $"{path}: audio {info.AudioSeconds} s, video {info.VideoSeconds} s");
        return info;
    }
}
