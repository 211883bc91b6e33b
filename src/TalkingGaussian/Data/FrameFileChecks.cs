using SixLabors.ImageSharp;
using TalkingGaussian.Data.Npy;

namespace TalkingGaussian.Data;

/// <summary>The per-frame and per-image checks of <see cref="DatasetValidator"/>.</summary>
internal static class FrameFileChecks
{
    /// <summary>Checks the per-frame files of <paramref name="id"/>: gt, torso (RGBA), parsing, teeth mask, landmarks.</summary>
    public static void CheckFrame(DatasetFiles files, int id, (int W, int H)? size, bool decode, List<DatasetProblem> problems)
    {
        const string rerun = "Re-run the preprocessing step that writes it for this frame (or regenerate with `tg synth`).";
        CheckImage(files.GroundTruth(id), size, requireAlpha: false, decode, problems, "Re-run the torso/gt step (process.py task 6) for this frame.");
        CheckImage(files.Torso(id), size, requireAlpha: true, decode, problems, "Re-run the torso/gt step (process.py task 6); torso images must be RGBA PNG.");
        CheckImage(files.Parsing(id), size, requireAlpha: false, decode, problems, "Re-run face parsing (process.py task 4) for this frame.");
        var teeth = files.Teeth(id);
        if (!File.Exists(teeth)) problems.Add(new(DatasetProblemKind.MissingFile, teeth, "Missing.", "Run the teeth segmentation (EasyPortrait) for this frame; it writes a bool [H, W] .npy."));
        else
        {
            try
            {
                var (dtype, shape) = NpyReader.ReadHeader(teeth);
                if (size is { } s && (shape.Length != 2 || shape[0] != s.H || shape[1] != s.W))
                    problems.Add(new(DatasetProblemKind.ImageSize, teeth, $"Shape ({string.Join(", ", shape)}); the frames are {s.H}×{s.W}.", "Regenerate the teeth mask at the frame size."));
                if (dtype is not (NpyDType.Bool or NpyDType.UInt8))
                    problems.Add(new(DatasetProblemKind.BadContent, teeth, $"dtype {dtype}; teeth masks are bool.", "Save the mask as a bool array."));
            }
            catch (InvalidDataException e)
            {
                problems.Add(new(DatasetProblemKind.UnreadableFile, teeth, WithoutPath(e.Message, teeth), "Regenerate the teeth mask."));
            }
        }
        var lms = files.Landmarks(id);
        if (!File.Exists(lms)) problems.Add(new(DatasetProblemKind.MissingFile, lms, "Missing.", "Run the landmark step (process.py task 7) for this frame. " + rerun));
        else
        {
            try
            {
                var l = FaceLandmarks.Read(lms);
                if (l.Xy.Any(v => !float.IsFinite(v)))
                    problems.Add(new(DatasetProblemKind.NotANumber, lms, "Contains NaN or infinity.", "Re-run the landmark step for this frame (a face must be detected)."));
            }
            catch (InvalidDataException e)
            {
                var kind = e.Message.Contains("landmarks; 68", StringComparison.Ordinal) ? DatasetProblemKind.LandmarkCount : DatasetProblemKind.UnreadableFile;
                problems.Add(new(kind, lms, WithoutPath(e.Message, lms), "Re-run the landmark step with the 68-point iBUG model for this frame."));
            }
        }
    }

    private static void CheckImage(string path, (int W, int H)? size, bool requireAlpha, bool decode, List<DatasetProblem> problems, string fix)
    {
        var info = Identify(path, decode, problems, fix);
        if (info is null) return;
        if (size is { } s && (info.Width != s.W || info.Height != s.H))
            problems.Add(new(DatasetProblemKind.ImageSize, path, $"{info.Width}×{info.Height}; bc.jpg and the other frames are {s.W}×{s.H}.", "All frames must have the background plate's size; re-extract this frame."));
        if (requireAlpha && info.PixelType.BitsPerPixel is not (32 or 64))
            problems.Add(new(DatasetProblemKind.ImageSize, path, $"{info.PixelType.BitsPerPixel} bits per pixel; an RGBA image (with alpha) is needed.", fix));
    }

    /// <summary>Reads an image header (and decodes it fully when <paramref name="decode"/>); null with a problem added when it cannot.</summary>
    public static IImageInfo? Identify(string path, bool decode, List<DatasetProblem> problems, string fix)
    {
        if (!File.Exists(path))
        {
            problems.Add(new(DatasetProblemKind.MissingFile, path, "Missing.", fix));
            return null;
        }
        try
        {
            var info = Image.Identify(path);
            if (info is null) problems.Add(new(DatasetProblemKind.UnreadableFile, path, "Not a readable image.", fix));
            else if (decode) Image.Load(path).Dispose();
            return info;
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException or IOException)
        {
            problems.Add(new(DatasetProblemKind.UnreadableFile, path, $"Not a readable image ({e.Message}).", fix));
            return null;
        }
    }

    /// <summary>A reader's message without its leading file name (the problem already names the file).</summary>
    public static string WithoutPath(string message, string path)
    {
        foreach (var prefix in new[] { path + ": ", path + ", ", path + " " })
            if (message.StartsWith(prefix, StringComparison.Ordinal)) return char.ToUpperInvariant(message[prefix.Length]) + message[(prefix.Length + 1)..];
        return message;
    }
}
