using System.Globalization;
using System.Text.Json;

namespace TalkingGaussian.Media;

/// <summary>What ffprobe says about a media file's first video and first audio stream.</summary>
/// <param name="Width">Frame width in pixels (0 without video).</param>
/// <param name="Height">Frame height in pixels (0 without video).</param>
/// <param name="FrameRate">Frames per second (r_frame_rate).</param>
/// <param name="VideoSeconds">Duration of the video stream in seconds (0 without video).</param>
/// <param name="VideoCodec">e.g. "h264"; null without video.</param>
/// <param name="PixelFormat">e.g. "yuv420p"; null without video.</param>
/// <param name="AudioSeconds">Duration of the audio stream in seconds; null without audio.</param>
/// <param name="AudioCodec">e.g. "aac"; null without audio.</param>
/// <param name="AudioSampleRate">Hz; 0 without audio.</param>
public sealed record MediaInfo(int Width, int Height, double FrameRate, double VideoSeconds, string? VideoCodec, string? PixelFormat,
    double? AudioSeconds, string? AudioCodec, int AudioSampleRate);

/// <summary>Reads stream durations, sizes and codecs with ffprobe.</summary>
public static class MediaProbe
{
    /// <summary>Probes <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">ffprobe cannot read it.</exception>
    /// <exception cref="ExternalToolMissingException">ffprobe is not installed.</exception>
    public static MediaInfo Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        string json = ExternalTool.Run("ffprobe",
            ["-v", "error", "-show_entries", "stream=codec_type,codec_name,width,height,pix_fmt,duration,r_frame_rate,sample_rate:format=duration", "-of", "json", path],
            $"read {path}");
        using var doc = JsonDocument.Parse(json);
        double formatSeconds = doc.RootElement.TryGetProperty("format", out var format) ? Number(format, "duration") : 0;
        JsonElement? video = null, audio = null;
        if (doc.RootElement.TryGetProperty("streams", out var streams))
            foreach (var s in streams.EnumerateArray())
            {
                string type = s.TryGetProperty("codec_type", out var t) ? t.GetString() ?? "" : "";
                if (type == "video" && video is null) video = s;
                if (type == "audio" && audio is null) audio = s;
            }
        if (video is null && audio is null) throw new InvalidDataException($"{path} has no video or audio stream.");
        var v = video ?? default;
        return new MediaInfo(
            video is null ? 0 : (int)Number(v, "width"),
            video is null ? 0 : (int)Number(v, "height"),
            video is null ? 0 : Rate(v),
            video is null ? 0 : Number(v, "duration") is var d and > 0 ? d : formatSeconds,
            video is null ? null : Text(v, "codec_name"),
            video is null ? null : Text(v, "pix_fmt"),
            audio is null ? null : Number(audio.Value, "duration") is var a and > 0 ? a : formatSeconds,
            audio is null ? null : Text(audio.Value, "codec_name"),
            audio is null ? 0 : (int)Number(audio.Value, "sample_rate"));
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var p) ? p.GetString() : null;

    private static double Number(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var p)) return 0;
        if (p.ValueKind == JsonValueKind.Number) return p.GetDouble();
        return double.TryParse(p.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : 0;
    }

    private static double Rate(JsonElement e)
    {
        var text = Text(e, "r_frame_rate") ?? "0/1";
        var parts = text.Split('/');
        if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && m > 0)
            return n / m;
        return 0;
    }
}
