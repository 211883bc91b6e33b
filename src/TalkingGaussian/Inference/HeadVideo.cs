using System.Diagnostics;
using TalkingGaussian.Media;

namespace TalkingGaussian.Inference;

/// <summary>
/// Renders every frame of a <see cref="HeadDriver"/> into H.264 MP4s with the driving sound muxed as AAC
/// (<see cref="Mp4Writer"/>: yuv420p, 25 fps, durations equal within one AAC frame), streaming each frame through ffmpeg's
/// pipe as it is rendered, so memory stays constant whatever the length. Every file appears whole or not at all: the
/// videos are renamed into place when complete, the PNG folder is filled under a temporary name and renamed last.
/// </summary>
public static class HeadVideo
{
    /// <summary>Writes the videos (and PNGs) of <paramref name="driver"/> as <paramref name="options"/> asks.</summary>
    /// <exception cref="ExternalToolMissingException">ffmpeg is not installed.</exception>
    /// <exception cref="InvalidDataException">A frame's input is missing, or the PNG folder is not empty.</exception>
    public static HeadVideoResult Write(HeadDriver driver, HeadVideoOptions options)
    {
        var clock = Stopwatch.StartNew();
        int w = driver.Width, h = driver.Height, plane = w * h;
        int frames = options.MaxFrames > 0 ? Math.Min(options.MaxFrames, driver.Frames) : driver.Frames;
        string video = Path.GetFullPath(options.Output);
        string stem = Path.Combine(Path.GetDirectoryName(video)!, Path.GetFileNameWithoutExtension(video));
        var mp4 = new Mp4WriterOptions { AudioPath = driver.Audio.SoundPath, AudioStartSeconds = driver.Audio.SoundStartSeconds, Crf = options.Crf };
        string? pngFolder = options.PngFolder is null ? null : Path.GetFullPath(options.PngFolder);
        string? pngTemp = pngFolder is null ? null : PreparePngFolder(pngFolder);

        var writers = new List<(Mp4Writer Writer, Layer Kind)>();
        try
        {
            writers.Add((new Mp4Writer(video, w, h, mp4), Layer.Fused));
            if (options.FaceVideo) writers.Add((new Mp4Writer(stem + "_face.mp4", w, h, mp4), Layer.Face));
            if (options.MouthVideo) writers.Add((new Mp4Writer(stem + "_mouth.mp4", w, h, mp4), Layer.Mouth));
            if (options.SideBySide is not null) writers.Add((new Mp4Writer(stem + "_side.mp4", 2 * w, h, mp4), Layer.SideBySide));
            var truth = options.SideBySide is null ? null : new float[3 * plane];
            var side = options.SideBySide is null ? null : new float[6 * plane];
            double renderSeconds = 0;
            for (int k = 0; k < frames; k++)
            {
                long start = Stopwatch.GetTimestamp();
                var images = driver.Render(k);
                renderSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
                foreach (var (writer, kind) in writers)
                {
                    switch (kind)
                    {
                        case Layer.Fused: writer.Write(images.Head); break;
                        case Layer.Face: writer.Write(images.FaceColor); break;
                        case Layer.Mouth: writer.Write(images.MouthColor); break;
                        default:
                            options.SideBySide!.Next(truth);
                            SideBySide(truth, images.Head, w, h, side!);
                            writer.Write(side);
                            break;
                    }
                }
                if (pngTemp is not null) ImageIO.SavePng(Path.Combine(pngTemp, $"{k}.png"), images.Head, w, h);
                options.Progress?.Invoke(new RenderProgress(k + 1, frames, clock.Elapsed));
            }
            var files = new List<string>();
            bool sound = false;
            foreach (var (writer, _) in writers)
            {
                var done = writer.Complete();
                files.Add(done.Path);
                sound = done.HasAudio;
            }
            if (pngTemp is not null)
            {
                if (Directory.Exists(pngFolder)) Directory.Delete(pngFolder!); // empty, checked before
                Directory.Move(pngTemp, pngFolder!);
                files.Add(pngFolder!);
            }
            return new HeadVideoResult(video, files, frames, frames / (double)DrivingAudio.AudioFrameRate, sound, clock.Elapsed, renderSeconds,
                options.SideBySide?.Missing ?? 0);
        }
        finally
        {
            foreach (var (writer, _) in writers) writer.Dispose();
            if (pngTemp is not null && Directory.Exists(pngTemp)) Directory.Delete(pngTemp, recursive: true);
        }
    }

    /// <summary>Lays <paramref name="left"/> and <paramref name="right"/> ([3, H, W] each) side by side into <paramref name="both"/> [3, H, 2W].</summary>
    public static void SideBySide(ReadOnlySpan<float> left, ReadOnlySpan<float> right, int width, int height, Span<float> both)
    {
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < height; y++)
            {
                int src = (c * height + y) * width, dst = (c * height + y) * 2 * width;
                left.Slice(src, width).CopyTo(both.Slice(dst, width));
                right.Slice(src, width).CopyTo(both.Slice(dst + width, width));
            }
    }

    private enum Layer { Fused, Face, Mouth, SideBySide }

    private static string PreparePngFolder(string folder)
    {
        if (File.Exists(folder)) throw new InvalidDataException($"{folder} is a file; the PNG frames need a folder. Choose a new folder name.");
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new InvalidDataException($"{folder} is not empty. Choose a new folder for the PNG frames, or empty it; tg never mixes frames of two renders.");
        string temp = folder.TrimEnd(Path.DirectorySeparatorChar) + $".partial-{Environment.ProcessId}";
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        return temp;
    }
}
