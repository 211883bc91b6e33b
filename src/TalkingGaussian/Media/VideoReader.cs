using System.Diagnostics;

namespace TalkingGaussian.Media;

/// <summary>
/// Streams a video's frames back as planar RGB [3, H, W] in [0, 1]: ffmpeg decodes to raw rgb24 on a pipe and one frame
/// is read at a time into a buffer the caller owns, so memory stays constant whatever the length.
/// </summary>
public sealed class VideoReader : IDisposable
{
    private readonly Process _ffmpeg;
    private readonly Stream _stdout;
    private readonly Task<string> _errors;
    private readonly byte[] _frameBytes;
    private readonly string _path;

    private VideoReader(string path, MediaInfo info)
    {
        _path = path;
        Info = info;
        _frameBytes = new byte[3 * info.Width * info.Height];
        _ffmpeg = ExternalTool.Start("ffmpeg",
            ["-hide_banner", "-loglevel", "error", "-nostdin", "-i", path, "-map", "0:v:0", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
            $"read the video {path}");
        _ffmpeg.StandardInput.Close();
        _errors = _ffmpeg.StandardError.ReadToEndAsync();
        _stdout = _ffmpeg.StandardOutput.BaseStream;
    }

    /// <summary>Opens <paramref name="path"/> (any format ffmpeg reads).</summary>
    /// <exception cref="InvalidDataException">The file has no video stream or ffprobe cannot read it.</exception>
    public static VideoReader Open(string path)
    {
        var info = MediaProbe.Read(path);
        if (info.Width <= 0 || info.Height <= 0) throw new InvalidDataException($"{path} has no video stream.");
        return new VideoReader(path, info);
    }

    /// <summary>Size, rate and durations as probed.</summary>
    public MediaInfo Info { get; }

    /// <summary>Frame width.</summary>
    public int Width => Info.Width;

    /// <summary>Frame height.</summary>
    public int Height => Info.Height;

    /// <summary>Frames read so far.</summary>
    public int FramesRead { get; private set; }

    /// <summary>Reads the next frame into <paramref name="planar"/> (3·W·H floats); false at the end of the video.</summary>
    public bool Read(Span<float> planar)
    {
        int plane = Width * Height;
        if (planar.Length != 3 * plane)
            throw new ArgumentException($"A {Width}×{Height} RGB frame has {3 * plane} floats; got {planar.Length}.", nameof(planar));
        int got = 0;
        while (got < _frameBytes.Length)
        {
            int n = _stdout.Read(_frameBytes, got, _frameBytes.Length - got);
            if (n == 0) break;
            got += n;
        }
        if (got == 0)
        {
            _ffmpeg.WaitForExit();
            if (_ffmpeg.ExitCode != 0) throw new InvalidDataException($"ffmpeg could not decode {_path} after {FramesRead} frames: {ExternalTool.Tail(_errors.Result)}");
            return false;
        }
        if (got < _frameBytes.Length) throw new InvalidDataException($"{_path}: frame {FramesRead} is truncated ({got} of {_frameBytes.Length} bytes).");
        const float inv = 1f / 255f;
        for (int i = 0, o = 0; i < plane; i++, o += 3)
        {
            planar[i] = _frameBytes[o] * inv;
            planar[plane + i] = _frameBytes[o + 1] * inv;
            planar[2 * plane + i] = _frameBytes[o + 2] * inv;
        }
        FramesRead++;
        return true;
    }

    /// <summary>Stops ffmpeg if frames are left unread.</summary>
    public void Dispose()
    {
        try { if (!_ffmpeg.HasExited) _ffmpeg.Kill(); } catch (InvalidOperationException) { }
        _ffmpeg.WaitForExit();
        _ffmpeg.Dispose();
    }
}
