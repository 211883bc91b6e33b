using TalkingGaussian.Interactive;

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
}
