using System.ComponentModel;
using System.Diagnostics;

namespace TalkingGaussian.Interactive.Video;

/// <summary>
/// Encodes frames to a WebM (VP9) clip through ffmpeg: raw RGB24 frames go in through stdin, the clip comes back
/// through a temporary file. WebM/VP9 rather than MP4/H.264 because VS Code's notebook view (Electron) has no H.264
/// decoder, while VP9 plays there, in Chromium, Firefox and Safari 14.1+.
/// </summary>
public static class WebmEncoder
{
    /// <summary>Encodes planar [3, H, W] frames in [0, 1] at <paramref name="fps"/> frames per second.</summary>
    /// <exception cref="InvalidOperationException">ffmpeg is missing or failed (its error output is included).</exception>
    public static byte[] Encode(IReadOnlyList<float[]> frames, int width, int height, double fps = 25)
    {
        if (frames.Count == 0) throw new ArgumentException("A video needs at least one frame.", nameof(frames));
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Frame size must be positive, got {width}×{height}.");
        if (!(fps > 0)) throw new ArgumentOutOfRangeException(nameof(fps), "fps must be positive.");
        int plane = width * height;
        for (int i = 0; i < frames.Count; i++)
            if (frames[i].Length != 3 * plane)
                throw new ArgumentException($"Frame {i} has {frames[i].Length} floats; a {width}×{height} RGB frame needs {3 * plane}.", nameof(frames));

        string output = Path.Combine(Path.GetTempPath(), $"tg-video-{Guid.NewGuid():N}.webm");
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "-hide_banner", "-loglevel", "error", "-y",
                     "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{width}x{height}", "-r", fps.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", "-",
                     // VP9 needs even sizes for yuv420p: pad by one pixel where odd.
                     "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",
                     "-c:v", "libvpx-vp9", "-pix_fmt", "yuv420p", "-b:v", "0", "-crf", "32", "-deadline", "realtime", "-cpu-used", "8",
                     output,
                 })
            start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("Video display needs ffmpeg on PATH (Debian: apt-get install ffmpeg).", e);
        }
        try
        {
            using (process)
            {
                var errors = process.StandardError.ReadToEndAsync();
                _ = process.StandardOutput.ReadToEndAsync(); // drained so ffmpeg can never block on a full pipe
                var row = new byte[3 * width];
                using (var stdin = process.StandardInput.BaseStream)
                {
                    foreach (var frame in frames)
                        for (int y = 0; y < height; y++)
                        {
                            for (int x = 0; x < width; x++)
                                for (int c = 0; c < 3; c++)
                                    row[3 * x + c] = Media.ImageIO.ToByte(frame[c * plane + y * width + x]);
                            stdin.Write(row);
                        }
                }
                process.WaitForExit();
                if (process.ExitCode != 0)
                    throw new InvalidOperationException($"ffmpeg failed (exit {process.ExitCode}) encoding {frames.Count} frames: {errors.Result.Trim()}");
            }
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>
    /// Re-encodes a video file (any format ffmpeg reads, e.g. an MP4 of <c>tg render</c>) as WebM: VP9 picture and, when
    /// the file has sound, Opus audio, which the notebook views (Electron, Chromium, Firefox, Safari) all play.
    /// </summary>
    /// <exception cref="InvalidOperationException">ffmpeg is missing or failed (its error output is included).</exception>
    public static byte[] Transcode(string videoPath)
    {
        if (!File.Exists(videoPath)) throw new FileNotFoundException($"{videoPath}: no such video file.", videoPath);
        string output = Path.Combine(Path.GetTempPath(), $"tg-video-{Guid.NewGuid():N}.webm");
        try
        {
            Run([
                "-hide_banner", "-loglevel", "error", "-y", "-i", videoPath,
                "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",
                "-c:v", "libvpx-vp9", "-pix_fmt", "yuv420p", "-b:v", "0", "-crf", "32", "-deadline", "realtime", "-cpu-used", "8",
                "-c:a", "libopus", "-b:a", "96k",
                output,
            ], $"re-encode {videoPath}");
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static void Run(string[] args, string purpose)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("Video display needs ffmpeg on PATH (Debian: apt-get install ffmpeg).", e);
        }
        using (process)
        {
            process.StandardInput.Close();
            var errors = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed (exit {process.ExitCode}) to {purpose}: {errors.Result.Trim()}");
        }
    }
}
