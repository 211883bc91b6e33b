using System.Globalization;
using TalkingGaussian.Data.Npy;
using TalkingGaussian.Data;
using TalkingGaussian.Media;

namespace TalkingGaussian.Preparation;

/// <summary>
/// Stage "frames": <c>ori_imgs/0.jpg, 1.jpg, …</c> written by ffmpeg straight from the video (highest JPEG quality, as
/// the original's <c>-qmin 1 -q:v 1</c>), re-timed to 25 fps when the video is not 25 fps and <c>--fps-convert</c> was given.
/// When the sound and the picture differ in length by more than the dataset check allows, the longer one is cut to the
/// shorter (trailing frames, or trailing audio-feature rows) and a note says so. Fewer than <see cref="MinFrames"/>
/// frames is an error naming the video.
/// </summary>
internal static class FramesStage
{
    public static List<string> Run(PreparationContext c)
    {
        var folder = Path.Combine(c.Files.Root, "ori_imgs");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        var partial = folder + ".partial";
        if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        Directory.CreateDirectory(partial);
        var args = new List<string> { "-v", "error", "-y", "-i", c.Video.Path, "-an" };
        if (!c.Video.Is25Fps) args.AddRange(["-vf", "fps=25"]);
        else args.AddRange(["-fps_mode", "passthrough"]);
        if (c.Options.MaxFrames > 0) args.AddRange(["-frames:v", c.Options.MaxFrames.ToString(CultureInfo.InvariantCulture)]);
        args.AddRange(["-qmin", "1", "-q:v", "1", "-start_number", "0", Path.Combine(partial, "%d.jpg")]);
        ExternalTool.Run("ffmpeg", args, "extract the frames");
        var notes = MatchLengths(c, partial);
        RequireEnoughFrames(c, Directory.EnumerateFiles(partial, "*.jpg").Count());
        Directory.Move(partial, folder);
        c.Log($"frames: {c.Frames} frames of {c.Video.Width}×{c.Video.Height}{(c.Video.Is25Fps ? "" : $" (re-timed from {c.Video.FramesPerSecond:F2} fps to 25 fps)")}");
        foreach (var n in notes) c.Log($"frames: {n}");
        return notes;
    }

    /// <summary>The fewest frames a dataset can have: one to train on and one to validate on (the 10:11 split of the pose stage).</summary>
    public const int MinFrames = 2;

    private static void RequireEnoughFrames(PreparationContext c, int frames)
    {
        if (frames >= MinFrames) return;
        var limit = c.Options.MaxFrames > 0 ? $" with --max-frames {c.Options.MaxFrames}" : "";
        throw new PreparationException(
            $"{c.Video.Path} gives {frames} frame(s) with its sound{limit}; a dataset needs at least {MinFrames} (one to train on, one to validate on), " +
            $"and a talking head learns from seconds to minutes of speech. Give a longer video{(limit.Length > 0 ? ", or a larger --max-frames" : "")}.");
    }

    /// <summary>Cuts the frames or the audio-feature rows so their counts differ by no more than the dataset check allows.</summary>
    private static List<string> MatchLengths(PreparationContext c, string frameFolder)
    {
        int frames = Directory.EnumerateFiles(frameFolder, "*.jpg").Count();
        var featurePath = c.Files.AudioFeatures(AudioExtractor.DeepSpeech);
        var features = NpyReader.Read(featurePath);
        int rows = features.Shape[0];
        if (frames > rows + DatasetValidator.AudioRowTolerance)
        {
            for (int k = rows; k < frames; k++) File.Delete(Path.Combine(frameFolder, $"{k}.jpg"));
            return [$"the sound ends {(frames - rows) / VideoInfo.DatasetFps:F2} s before the picture: the last {frames - rows} frames were left out"];
        }
        if (rows > frames + DatasetValidator.AudioRowTolerance)
        {
            int rowBytes = features.Data.Length / rows;
            var shape = (int[])features.Shape.Clone();
            shape[0] = frames;
            NpyWriter.Write(featurePath, new NpyArray(features.DType, shape, features.Data[..(frames * rowBytes)]));
            return [$"the sound goes on {(rows - frames) / VideoInfo.DatasetFps:F2} s after the picture: the audio features were cut to the {frames} frames"];
        }
        return [];
    }
}
