using System.Globalization;

namespace TalkingGaussian.Preparation;

/// <summary>
/// Stage "frames": <c>ori_imgs/0.jpg, 1.jpg, …</c> written by ffmpeg straight from the video (highest JPEG quality, as
/// the original's <c>-qmin 1 -q:v 1</c>), re-timed to 25 fps when the video is not 25 fps and <c>--fps-convert</c> was given.
/// </summary>
internal static class FramesStage
{
    public static void Run(PreparationContext c)
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
        Directory.Move(partial, folder);
        c.Log($"frames: {c.Frames} frames of {c.Video.Width}×{c.Video.Height}{(c.Video.Is25Fps ? "" : $" (re-timed from {c.Video.FramesPerSecond:F2} fps to 25 fps)")}");
    }
}
