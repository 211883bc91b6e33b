using TalkingGaussian.Data.Audio;
using TalkingGaussian.Interactive;
using TalkingGaussian.Media;

namespace TalkingGaussian.Interactive.Tests.Display;

public class VideoViewTests
{
    [Fact]
    public void Frames_become_an_inline_webm_clip()
    {
        int w = 17, h = 9; // odd sizes exercise the even-size padding
        var frames = Enumerable.Range(0, 6).Select(f =>
        {
            var frame = new float[3 * w * h];
            for (int i = 0; i < w * h; i++) frame[i] = (i % w) / (float)w * f / 5f;
            return frame;
        }).ToList();
        var video = Show.Video(frames, w, h, fps: 12, label: "ramp");
        Assert.Equal(6, video.FrameCount);
        Assert.Equal([0x1A, 0x45, 0xDF, 0xA3], video.Webm.Take(4).Select(b => (int)b)); // EBML magic of WebM
        Assert.Contains("data:video/webm;base64,", video.Html);
        Assert.Contains("<video", video.Html);
    }

    [Fact]
    public void A_frame_of_the_wrong_size_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => Show.Video([new float[12], new float[11]], 2, 2));
        Assert.Contains("Frame 1", e.Message);
    }

    /// <summary>A rendered MP4 with sound is shown with its sound: the WebM carries an Opus stream as long as the video, and the player is not muted.</summary>
    [Fact]
    public void A_video_file_keeps_its_sound()
    {
        var folder = Directory.CreateTempSubdirectory("tg-videofile-").FullName;
        try
        {
            int w = 32, h = 24, frames = 25;
            var samples = new float[16000];
            for (int i = 0; i < samples.Length; i++) samples[i] = 0.3f * MathF.Sin(2 * MathF.PI * 440 * i / 16000f);
            string wav = Path.Combine(folder, "tone.wav"), mp4 = Path.Combine(folder, "talk.mp4"), webm = Path.Combine(folder, "talk.webm");
            WavFile.Write(wav, new AudioClip(samples, 16000));
            using (var writer = new Mp4Writer(mp4, w, h, new Mp4WriterOptions { AudioPath = wav }))
            {
                for (int k = 0; k < frames; k++) writer.Write(Enumerable.Repeat(k / (float)frames, 3 * w * h).ToArray());
                writer.Complete();
            }

            var view = Show.VideoFile(mp4, "talk");
            Assert.Equal([0x1A, 0x45, 0xDF, 0xA3], view.Webm.Take(4).Select(b => (int)b));
            Assert.Contains("<video controls", view.Html);
            Assert.DoesNotContain("muted", view.Html);
            File.WriteAllBytes(webm, view.Webm);
            var info = MediaProbe.Read(webm);
            Assert.Equal(("vp9", "opus"), (info.VideoCodec, info.AudioCodec));
            Assert.True(Math.Abs(info.AudioSeconds!.Value - 1.0) < 0.05, $"sound of {info.AudioSeconds} s for a 1 s video");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
