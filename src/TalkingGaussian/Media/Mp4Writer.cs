using System.Diagnostics;
using System.Globalization;

namespace TalkingGaussian.Media;

/// <summary>Settings of <see cref="Mp4Writer"/>.</summary>
public sealed record Mp4WriterOptions
{
    /// <summary>Frames per second (the original's videos and features are 25 fps).</summary>
    public double Fps { get; init; } = 25;

    /// <summary>A WAV to mux as AAC (48 kHz), padded with silence or trimmed to the video's length; null writes a silent video.</summary>
    public string? AudioPath { get; init; }

    /// <summary>Where in <see cref="AudioPath"/> the video's sound starts, in seconds (0: its beginning).</summary>
    public double AudioStartSeconds { get; init; }

    /// <summary>x264 constant rate factor: 10 as the released code writes (imageio quality 8), 0 lossless luma, 23 x264's default.</summary>
    public int Crf { get; init; } = 10;

    /// <summary>x264 preset (speed against size at equal quality).</summary>
    public string Preset { get; init; } = "veryfast";
}

/// <summary>What <see cref="Mp4Writer.Complete"/> wrote.</summary>
public sealed record Mp4Result(string Path, int Frames, double Seconds, bool HasAudio);

/// <summary>
/// Streams planar RGB frames [3, H, W] in [0, 1] through a pipe into ffmpeg, which writes H.264 (yuv420p) MP4 at 25 fps;
/// memory stays constant whatever the length. With <see cref="Mp4WriterOptions.AudioPath"/>, a second ffmpeg pass muxes the
/// WAV as AAC at 48 kHz, cut to exactly N / fps seconds with silence padded where the audio is shorter, so video and
/// audio durations agree within one AAC frame (21 ms), under one video frame (40 ms); the video stream is copied, not
/// re-encoded. (A one-pass <c>-shortest</c> mux overshoots by ffmpeg's interleaving buffer and stalls the pipe when the video
/// is the longer stream.) Odd sizes are padded by one pixel to even, which yuv420p needs. Everything is written to
/// temporary files beside <c>path</c> and renamed over it on <see cref="Complete"/>; disposing without completing deletes them.
/// </summary>
public sealed class Mp4Writer : IDisposable
{
    private readonly string _path, _silentTemp, _mutedTemp;
    private readonly Mp4WriterOptions _options;
    private readonly byte[] _frameBytes;
    private readonly Process _ffmpeg;
    private readonly Task<string> _errors;
    private readonly Stream _stdin;
    private bool _finished;

    /// <summary>Starts ffmpeg for a <paramref name="width"/>×<paramref name="height"/> video written to <paramref name="path"/>.</summary>
    /// <exception cref="ExternalToolMissingException">ffmpeg is not installed.</exception>
    public Mp4Writer(string path, int width, int height, Mp4WriterOptions? options = null)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Frame size must be positive, got {width}×{height}.");
        _options = options ?? new Mp4WriterOptions();
        if (!(_options.Fps > 0)) throw new ArgumentOutOfRangeException(nameof(options), $"Fps must be positive, got {_options.Fps}.");
        if (_options.Crf is < 0 or > 51) throw new ArgumentOutOfRangeException(nameof(options), $"Crf must lie in 0–51 (x264), got {_options.Crf}.");
        if (!(_options.AudioStartSeconds >= 0)) throw new ArgumentOutOfRangeException(nameof(options), $"AudioStartSeconds must be 0 or more, got {_options.AudioStartSeconds}.");
        if (_options.AudioPath is { } audio && !File.Exists(audio))
            throw new FileNotFoundException($"Audio {audio}: no such file. Give a WAV file, or no audio for a silent video.", audio);
        Width = width;
        Height = height;
        _path = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(_path)!;
        Directory.CreateDirectory(folder);
        string stem = $".{System.IO.Path.GetFileName(_path)}.{Environment.ProcessId}.{Guid.NewGuid():N}";
        _silentTemp = System.IO.Path.Combine(folder, stem + ".video.tmp");
        _mutedTemp = System.IO.Path.Combine(folder, stem + ".tmp");
        _frameBytes = new byte[3 * width * height];
        var ic = CultureInfo.InvariantCulture;
        _ffmpeg = ExternalTool.Start("ffmpeg",
        [
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{width}x{height}", "-r", _options.Fps.ToString(ic), "-i", "-",
            "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",
            "-c:v", "libx264", "-preset", _options.Preset, "-crf", _options.Crf.ToString(ic), "-pix_fmt", "yuv420p",
            "-movflags", "+faststart", "-f", "mp4", _silentTemp,
        ], $"write the video {path}");
        _errors = _ffmpeg.StandardError.ReadToEndAsync();
        _ = _ffmpeg.StandardOutput.ReadToEndAsync();
        _stdin = _ffmpeg.StandardInput.BaseStream;
    }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>Frames written so far.</summary>
    public int Frames { get; private set; }

    /// <summary>Appends one planar RGB frame [3, H, W] in [0, 1] (clamped, rounded to 8 bits).</summary>
    public void Write(ReadOnlySpan<float> planar)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        int plane = Width * Height;
        if (planar.Length != 3 * plane)
            throw new ArgumentException($"A {Width}×{Height} RGB frame has {3 * plane} floats; got {planar.Length}.", nameof(planar));
        var r = planar[..plane];
        var g = planar.Slice(plane, plane);
        var b = planar.Slice(2 * plane, plane);
        for (int i = 0, o = 0; i < plane; i++, o += 3)
        {
            _frameBytes[o] = ImageIO.ToByte(r[i]);
            _frameBytes[o + 1] = ImageIO.ToByte(g[i]);
            _frameBytes[o + 2] = ImageIO.ToByte(b[i]);
        }
        try
        {
            _stdin.Write(_frameBytes);
        }
        catch (IOException e)
        {
            _ffmpeg.WaitForExit();
            throw new InvalidOperationException($"ffmpeg stopped while writing frame {Frames} of {_path}: {ExternalTool.Tail(_errors.Result)}", e);
        }
        Frames++;
    }

    /// <summary>Appends <paramref name="image"/> (3 channels, this writer's size).</summary>
    public void Write(PlanarImage image)
    {
        if (image.Channels != 3 || image.Width != Width || image.Height != Height)
            throw new ArgumentException($"Expected a 3-channel {Width}×{Height} frame, got {image.Channels} channels {image.Width}×{image.Height}.", nameof(image));
        Write(image.Pixels);
    }

    /// <summary>Finishes the stream, muxes the audio if any, and renames the result over the target path.</summary>
    public Mp4Result Complete()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (Frames == 0) throw new InvalidOperationException($"No frames were written to {_path}; a video needs at least one.");
        _finished = true;
        try
        {
            _stdin.Dispose();
            _ffmpeg.WaitForExit();
            if (_ffmpeg.ExitCode != 0)
                throw new InvalidOperationException($"ffmpeg failed (exit {_ffmpeg.ExitCode}) encoding {Frames} frames to {_path}: {ExternalTool.Tail(_errors.Result)}");
            double seconds = Frames / _options.Fps;
            if (_options.AudioPath is { } audio)
            {
                ExternalTool.Run("ffmpeg",
                [
                    "-hide_banner", "-loglevel", "error", "-y", "-i", _silentTemp, "-ss", _options.AudioStartSeconds.ToString("R", CultureInfo.InvariantCulture), "-i", audio,
                    "-map", "0:v:0", "-map", "1:a:0", "-c:v", "copy",
                    "-af", "apad", "-c:a", "aac", "-b:a", "160k", "-ar", "48000",
                    "-t", seconds.ToString("R", CultureInfo.InvariantCulture),
                    "-movflags", "+faststart", "-f", "mp4", _mutedTemp,
                ], $"mux {audio} into {_path}");
                File.Move(_mutedTemp, _path, overwrite: true);
            }
            else
            {
                File.Move(_silentTemp, _path, overwrite: true);
            }
            return new Mp4Result(_path, Frames, seconds, _options.AudioPath is not null);
        }
        finally
        {
            Cleanup();
        }
    }

    /// <summary>Stops ffmpeg if it is still running and deletes the temporary files (the target is untouched unless completed).</summary>
    public void Dispose()
    {
        if (!_finished)
        {
            _finished = true;
            try { _stdin.Dispose(); } catch (IOException) { }
            try { if (!_ffmpeg.HasExited) _ffmpeg.Kill(); } catch (InvalidOperationException) { }
            _ffmpeg.WaitForExit();
        }
        Cleanup();
        _ffmpeg.Dispose();
    }

    private void Cleanup()
    {
        foreach (var f in new[] { _silentTemp, _mutedTemp })
            try { File.Delete(f); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
