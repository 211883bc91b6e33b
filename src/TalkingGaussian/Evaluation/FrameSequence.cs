using System.Globalization;
using TalkingGaussian.Media;

namespace TalkingGaussian.Evaluation;

/// <summary>
/// Frames to score, read one at a time: a video file (decoded by ffmpeg, <see cref="VideoReader"/>) or a folder of
/// PNG/JPEG frames (sorted by number when every name is a number, as <c>gt_imgs/0.jpg, 1.jpg, …</c>, else by name).
/// A dataset folder (one holding <c>gt_imgs/</c>) reads its <c>gt_imgs</c>.
/// </summary>
public sealed class FrameSequence : IDisposable
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp"];
    private readonly VideoReader? _video;
    private readonly string[] _files;
    private int _next;

    private FrameSequence(string source, VideoReader? video, string[] files, int width, int height)
    {
        Source = source;
        _video = video;
        _files = files;
        Width = width;
        Height = height;
    }

    /// <summary>The path given.</summary>
    public string Source { get; }

    /// <summary>Frame width.</summary>
    public int Width { get; }

    /// <summary>Frame height.</summary>
    public int Height { get; }

    /// <summary>Frame ids of a folder (file stems, in order); empty for a video, whose frames are numbered 0, 1, ….</summary>
    public IReadOnlyList<string> FrameIds => Array.ConvertAll(_files, f => Path.GetFileNameWithoutExtension(f));

    /// <summary>Frames in a folder; null for a video (its frame count is known when it ends).</summary>
    public int? Count => _video is null ? _files.Length : null;

    /// <summary>Opens a video file, a frame folder or a dataset folder.</summary>
    /// <exception cref="FileNotFoundException">Nothing at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">A folder without images, or frames of different sizes.</exception>
    public static FrameSequence Open(string path)
    {
        if (File.Exists(path))
        {
            var video = VideoReader.Open(path);
            return new FrameSequence(path, video, [], video.Width, video.Height);
        }
        if (!Directory.Exists(path)) throw new FileNotFoundException($"{path}: no such video file or frame folder.", path);
        var folder = Directory.Exists(Path.Combine(path, "gt_imgs")) ? Path.Combine(path, "gt_imgs") : path;
        var files = Directory.EnumerateFiles(folder)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()) && !Path.GetFileName(f).StartsWith('.'))
            .ToArray();
        if (files.Length == 0) throw new InvalidDataException($"{folder} holds no PNG or JPEG frames. Give a video file or a folder of frames.");
        bool numeric = files.All(f => long.TryParse(Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out _));
        files = numeric
            ? files.OrderBy(f => long.Parse(Path.GetFileNameWithoutExtension(f), CultureInfo.InvariantCulture)).ToArray()
            : files.OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToArray();
        var first = ImageIO.Load(files[0]);
        return new FrameSequence(path, null, files, first.Width, first.Height);
    }

    /// <summary>Reads the next frame into <paramref name="rgb"/> (3·W·H floats); false after the last.</summary>
    public bool Read(Span<float> rgb)
    {
        if (_video is not null) return _video.Read(rgb);
        if (_next >= _files.Length) return false;
        var file = _files[_next];
        var image = ImageIO.Load(file);
        if (image.Width != Width || image.Height != Height)
            throw new InvalidDataException($"{file} is {image.Width}×{image.Height}; the first frame of {Source} is {Width}×{Height}. Every frame must have one size.");
        image.Pixels.AsSpan().CopyTo(rgb);
        _next++;
        return true;
    }

    /// <summary>Frames read so far.</summary>
    public int FramesReadSoFar() => _video?.FramesRead ?? _next;

    /// <summary>Stops the decoder of a video.</summary>
    public void Dispose() => _video?.Dispose();
}
