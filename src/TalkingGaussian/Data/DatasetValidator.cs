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
                problems.Add(new(DatasetProblemKind.UnreadableFile, path, FrameFileChecks.WithoutPath(e.Message, path), "Regenerate the transforms file."));
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
            FrameFileChecks.CheckFrame(files, perFrame[i], size, decodeImages, found[i]);
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
        var info = FrameFileChecks.Identify(files.Background, decode: true, problems, "Re-run the background step (process.py task 5) or regenerate with `tg synth`.");
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
            problems.Add(new(DatasetProblemKind.UnreadableFile, path, FrameFileChecks.WithoutPath(e.Message, path), "Re-run OpenFace FeatureExtraction."));
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
            problems.Add(new(DatasetProblemKind.UnreadableFile, path, FrameFileChecks.WithoutPath(e.Message, path), "Re-run the audio feature extractor."));
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

    private static bool ContainsNaN(double[,] m)
    {
        foreach (var v in m) if (!double.IsFinite(v)) return true;
        return false;
    }
}
