namespace TalkingGaussian.Interactive.Video;

/// <summary>A short clip shown inline as an HTML5 video (WebM data URI), looping, with controls.</summary>
public sealed class VideoView : HtmlView
{
    private VideoView(string html, byte[] webm, int frameCount) : base(html)
    {
        Webm = webm;
        FrameCount = frameCount;
    }

    /// <summary>The encoded clip.</summary>
    public byte[] Webm { get; }

    /// <summary>Number of frames in the clip (0 for a re-encoded file, whose frames were not counted).</summary>
    public int FrameCount { get; }

    /// <summary>Encodes planar [3, H, W] frames (see <see cref="WebmEncoder"/>) and wraps them in a video element.</summary>
    public static VideoView Of(IReadOnlyList<float[]> frames, int width, int height, double fps = 25, string? label = null, int scale = 0)
    {
        var webm = WebmEncoder.Encode(frames, width, height, fps);
        int shownScale = scale > 0 ? scale : Math.Max(1, 256 / Math.Max(width, height));
        string html = "<figure style=\"display:inline-block;margin:4px;text-align:center\">" +
                      $"<video controls autoplay loop muted playsinline width=\"{width * shownScale}\" style=\"image-rendering:pixelated\" " +
                      $"src=\"data:video/webm;base64,{Convert.ToBase64String(webm)}\"></video>" +
                      (label is null ? "" : "<figcaption style=\"font:12px sans-serif\">" + HtmlText.Encode(label) + "</figcaption>") +
                      "</figure>";
        return new VideoView(html, webm, frames.Count);
    }

    /// <summary>
    /// A video file (e.g. an MP4 with sound written by <c>tg render</c>) re-encoded to WebM (<see cref="WebmEncoder.Transcode"/>)
    /// and shown with its sound: controls, no autoplay (browsers only autoplay muted videos), shown at
    /// <paramref name="width"/> pixels wide (0: as recorded).
    /// </summary>
    public static VideoView OfFile(string path, string? label = null, int width = 0)
    {
        var webm = WebmEncoder.Transcode(path);
        string html = "<figure style=\"display:inline-block;margin:4px;text-align:center\">" +
                      $"<video controls playsinline preload=\"auto\"{(width > 0 ? $" width=\"{width}\"" : "")} " +
                      $"src=\"data:video/webm;base64,{Convert.ToBase64String(webm)}\"></video>" +
                      (label is null ? "" : "<figcaption style=\"font:12px sans-serif\">" + HtmlText.Encode(label) + "</figcaption>") +
                      "</figure>";
        return new VideoView(html, webm, 0);
    }
}
