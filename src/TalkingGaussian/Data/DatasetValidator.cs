using SixLabors.ImageSharp;
using TalkingGaussian.Data.Npy;

namespace TalkingGaussian.Data;

/// <summary>
/// Checks a dataset folder before anything trains and returns every problem at once (each with the file and the fix):
/// missing or unreadable files, frame count against au.csv rows and audio rows, image and mask sizes, landmark counts,
/// and NaNs. Images are checked from their headers (or fully decoded on request), so validating thousands of frames takes seconds.
/// </summary>
public static class DatasetValidator
{
    /// <summary>Audio rows may differ from the frame count by this much (the feature extractors round the duration).</summary>
    public const int AudioRowTolerance = 2;

    /// <summary>Validates <paramref name="root"/> for <paramref name="extractor"/>'s feature file. An empty list means usable.</summary>
    /// <param name="root">The dataset folder.</param>
    /// <param name="extractor">Which audio feature file training will read.</param>
    /// <param name="decodeImages">Also decode every image fully (slower; catches files damaged after their header).</param>
    /// <param name="log">Receives a progress line about every two seconds while frames are checked.</param>
    public static IReadOnlyList<DatasetProblem> Validate(string root, AudioExtractor extractor = AudioExtractor.DeepSpeech, bool decodeImages = false, Action<string>? log = null)
    {
        var problems = new List<DatasetProblem>();
        if (!Directory.Exists(root))
        {
            problems.Add(new(DatasetProblemKind.MissingFile, root, "The dataset folder does not exist.", "Pass the folder that holds transforms_train.json (or create one with `tg synth DIR`)."));
            return problems;
        }
        var files = new DatasetFiles(root);
        var frames = new List<FrameTransform>();
        foreach (var split in new[] { DatasetSplit.Train, DatasetSplit.Val })
        {
            var path = files.Transforms(split);
            if (!File.Exists(path))
            {
                problems.Add(new(DatasetProblemKind.MissingFile, path, "Missing.", "Run the preprocessing's transforms step (process.py task 9) or regenerate with `tg synth`."));
                continue;
            }
            try
            {
                frames.AddRange(TransformsFile.Read(path).Frames);
            }
            catch (InvalidDataException e)
            {
                problems.Add(new(DatasetProblemKind.UnreadableFile, path, WithoutPath(e.Message, path), "Regenerate the transforms file."));
            }
        }
        foreach (var dup in frames.GroupBy(f => f.ImgId).Where(g => g.Count() > 1))
            problems.Add(new(DatasetProblemKind.BadContent, files.Transforms(DatasetSplit.Train), $"img_id {dup.Key} appears {dup.Count()} times across the splits.", "Each frame must be listed once; regenerate the transforms."));
        foreach (var f in frames.Where(f => f.ImgId < 0 || ContainsNaN(f.TransformMatrix)))
            problems.Add(new(f.ImgId < 0 ? DatasetProblemKind.BadContent : DatasetProblemKind.NotANumber, files.Transforms(DatasetSplit.Train),
                f.ImgId < 0 ? $"Negative img_id {f.ImgId}." : $"transform_matrix of img_id {f.ImgId} contains NaN or infinity.", "Re-run face tracking for this frame."));

        var size = CheckBackground(files, problems);
        int neededRows = frames.Count == 0 ? 0 : frames.Max(f => f.ImgId) + 1;
        CheckActionUnits(files, neededRows, problems);
        CheckAudio(files, extractor, frames.Count, neededRows, problems);
        var perFrame = frames.Select(f => f.ImgId).Distinct().Order().ToArray();
        var found = new List<DatasetProblem>[perFrame.Length];
        int done = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Parallel.For(0, perFrame.Length, i =>
        {
            found[i] = [];
            CheckFrame(files, perFrame[i], size, decodeImages, found[i]);
            int n = Interlocked.Increment(ref done);
            if (log is not null && clock.ElapsedMilliseconds > 2000)
                lock (clock)
                    if (clock.ElapsedMilliseconds > 2000)
                    {
                        log($"check: {n}/{perFrame.Length} frames ({100 * n / perFrame.Length}%)");
                        clock.Restart();
                    }
        });
        foreach (var list in found) problems.AddRange(list);
        return problems;
    }

    /// <summary>Throws <see cref="DatasetInvalidException"/> listing every problem when the dataset is not usable.</summary>
    public static void EnsureValid(string root, AudioExtractor extractor = AudioExtractor.DeepSpeech)
    {
        var problems = Validate(root, extractor);
        if (problems.Count > 0) throw new DatasetInvalidException(root, problems);
    }

    private static (int W, int H)? CheckBackground(DatasetFiles files, List<DatasetProblem> problems)
    {
        var info = Identify(files.Background, decode: true, problems, "Re-run the background step (process.py task 5) or regenerate with `tg synth`.");
        return info is null ? null : (info.Width, info.Height);
    }

    private static void CheckActionUnits(DatasetFiles files, int neededRows, List<DatasetProblem> problems)
    {
        var path = files.ActionUnits;
        if (!File.Exists(path))
        {
            problems.Add(new(DatasetProblemKind.MissingFile, path, "Missing.", "Run OpenFace FeatureExtraction (-aus) on the 25 fps video and save its CSV as au.csv."));
            return;
        }
        ActionUnitTable table;
        try
        {
            table = ActionUnitTable.Read(path);
        }
        catch (InvalidDataException e)
        {
            problems.Add(new(DatasetProblemKind.UnreadableFile, path, WithoutPath(e.Message, path), "Re-run OpenFace FeatureExtraction."));
            return;
        }
        foreach (var col in ActionUnitTable.RequiredColumns)
        {
            if (!table.Has(col))
            {
                problems.Add(new(DatasetProblemKind.BadContent, path, $"No '{col}' column.", "Run OpenFace FeatureExtraction with action units (-aus); the trainer reads AU01, 04, 05, 06, 07, 25 and 45 (_r)."));
                continue;
            }
            var values = table.Column(col);
            int bad = Array.FindIndex(values, v => !double.IsFinite(v));
            if (bad >= 0)
                problems.Add(new(DatasetProblemKind.NotANumber, path, $"Column '{col}' has NaN or infinity (first at data row {bad + 1}).", "Re-run OpenFace on that frame, or fill the value (e.g. from the neighbouring frames)."));
        }
        if (table.RowCount < neededRows)
            problems.Add(new(DatasetProblemKind.CountMismatch, path, $"{table.RowCount} rows, but the transforms list frames up to img_id {neededRows - 1} ({neededRows} rows needed; row i is frame i).",
                "Run OpenFace on the same 25 fps video the frames were extracted from, so there is one row per frame."));
    }

    private static void CheckAudio(DatasetFiles files, AudioExtractor extractor, int frameCount, int neededRows, List<DatasetProblem> problems)
    {
        var path = files.AudioFeatures(extractor);
        if (!File.Exists(path))
        {
            problems.Add(new(DatasetProblemKind.MissingFile, path, "Missing.",
                extractor == AudioExtractor.DeepSpeech
                    ? "Extract features from aud.wav (`tg synth` writes log-mel features in this layout; the original's DeepSpeech step writes aud.npy, which must be renamed aud_ds.npy)."
                    : $"Run the {extractor} feature extractor on aud.wav, or choose another extractor."));
            return;
        }
        NpyArray npy;
        try
        {
            npy = NpyReader.Read(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            problems.Add(new(DatasetProblemKind.UnreadableFile, path, WithoutPath(e.Message, path), "Re-run the audio feature extractor."));
            return;
        }
        int steps = AudioExtractors.Steps(extractor), channels = AudioExtractors.Channels(extractor);
        if (npy.Shape.Length != 3 || npy.Shape[1] != steps || npy.Shape[2] != channels)
        {
            problems.Add(new(DatasetProblemKind.BadContent, path, $"Shape ({string.Join(", ", npy.Shape)}); {extractor} features must be [frames, {steps}, {channels}].",
                "Re-run the matching extractor, or pick the extractor this file came from."));
            return;
        }
        if (npy.DType is NpyDType.Float32 or NpyDType.Float64)
        {
            var values = npy.ToFloat64();
            int bad = Array.FindIndex(values, v => !double.IsFinite(v));
            if (bad >= 0)
                problems.Add(new(DatasetProblemKind.NotANumber, path, $"NaN or infinity in row {bad / (steps * channels)}.", "Re-run the audio feature extractor on a clean aud.wav."));
        }
        int rows = npy.Shape[0];
        if (Math.Abs(rows - frameCount) > AudioRowTolerance || rows < neededRows - AudioRowTolerance)
            problems.Add(new(DatasetProblemKind.CountMismatch, path, $"{rows} audio rows for {frameCount} frames (25 rows per second are expected, one per frame).",
                "Extract the features from the same video's 16 kHz audio (aud.wav) so audio and frames cover the same time."));
    }

    private static void CheckFrame(DatasetFiles files, int id, (int W, int H)? size, bool decode, List<DatasetProblem> problems)
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

    private static IImageInfo? Identify(string path, bool decode, List<DatasetProblem> problems, string fix)
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
    private static string WithoutPath(string message, string path)
    {
        foreach (var prefix in new[] { path + ": ", path + ", ", path + " " })
            if (message.StartsWith(prefix, StringComparison.Ordinal)) return char.ToUpperInvariant(message[prefix.Length]) + message[(prefix.Length + 1)..];
        return message;
    }

    private static bool ContainsNaN(double[,] m)
    {
        foreach (var v in m) if (!double.IsFinite(v)) return true;
        return false;
    }
}
