using System.Globalization;
using System.Text.Json;
using TalkingGaussian.Media;

namespace TalkingGaussian.Preparation;

/// <summary>What ffprobe says about the input video: frame size, frame rate, duration, whether it has sound.</summary>
public sealed record VideoInfo(string Path, int Width, int Height, double FramesPerSecond, double Seconds, bool HasAudio)
{
    /// <summary>The frame rate the dataset format assumes (shared/reference/original-code.md §9).</summary>
    public const double DatasetFps = 25;

    /// <summary>Whether the frame rate is 25 fps (within 0.01).</summary>
    public bool Is25Fps => Math.Abs(FramesPerSecond - DatasetFps) < 0.01;

    /// <summary>Probes <paramref name="path"/>; a missing file, a file that is not a video (or a still image), or one without sound is a clear error.</summary>
    public static VideoInfo Probe(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new PreparationException($"{full} does not exist. Give the path of a speech video (e.g. an .mp4).");
        string json;
        try
        {
            json = ExternalTool.Run("ffprobe", ["-v", "error", "-show_streams", "-show_format", "-of", "json", full], "read the video");
        }
        catch (InvalidDataException e)
        {
            throw new PreparationException($"{full} is not a video ffmpeg can read ({e.Message}). Give an .mp4 (or any format ffmpeg reads) of the speaker.");
        }
        using var doc = JsonDocument.Parse(json);
        JsonElement? video = null;
        bool audio = false;
        if (doc.RootElement.TryGetProperty("streams", out var streams))
            foreach (var s in streams.EnumerateArray())
            {
                var type = s.TryGetProperty("codec_type", out var t) ? t.GetString() : null;
                bool picture = s.TryGetProperty("disposition", out var d) && d.TryGetProperty("attached_pic", out var ap) && ap.GetInt32() == 1;
                if (type == "video" && !picture && video is null) video = s.Clone();
                if (type == "audio") audio = true;
            }
        if (video is not { } v)
            throw new PreparationException($"{full} has no video stream. Give a video of the speaker, not an audio or image file.");
        if (IsStillImage(doc.RootElement))
            throw new PreparationException($"{full} is a still image, not a video. Give a video of the speaker talking, with its sound (an .mp4 or any format ffmpeg reads).");
        double fps = Rate(v, "avg_frame_rate");
        if (!(fps > 0)) fps = Rate(v, "r_frame_rate");
        double seconds = doc.RootElement.TryGetProperty("format", out var f) && f.TryGetProperty("duration", out var du)
            && double.TryParse(du.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var sec) ? sec : double.NaN;
        var info = new VideoInfo(full, v.GetProperty("width").GetInt32(), v.GetProperty("height").GetInt32(), fps, seconds, audio);
        if (!info.HasAudio)
            throw new PreparationException($"{full} has no audio track. The talking head learns from the speech, so the video must carry its sound; add it with `ffmpeg -i video.mp4 -i speech.wav -c:v copy -map 0:v -map 1:a -shortest with_audio.mp4`.");
        return info;
    }

    /// <summary>ffmpeg reads a single picture through its image demuxers: <c>image2</c> (JPEG, TIFF, …) or one of the <c>*_pipe</c> ones (PNG, WebP, BMP, …).</summary>
    private static bool IsStillImage(JsonElement root) =>
        root.TryGetProperty("format", out var f) && f.TryGetProperty("format_name", out var n) && n.GetString() is { } name
        && (name == "image2" || name.EndsWith("_pipe", StringComparison.Ordinal));

    private static double Rate(JsonElement stream, string key)
    {
        if (!stream.TryGetProperty(key, out var r) || r.GetString() is not { } text) return double.NaN;
        var parts = text.Split('/');
        if (parts.Length == 2 && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var a) && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var b) && b != 0) return a / b;
        return double.TryParse(text, CultureInfo.InvariantCulture, out var x) ? x : double.NaN;
    }
}
