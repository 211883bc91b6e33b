using TalkingGaussian.Data;
using TalkingGaussian.Preparation;
using Xunit.Abstractions;

namespace TalkingGaussian.Tests.Preparation;

/// <summary>
/// The synthetic speaker as an MP4 through the preparation, compared with the generator's truth: landmarks (normalised
/// mean error), parsing (per-class IoU), head rotation (relative to the first frame, in degrees), blink and mouth-opening
/// curves (correlation). The face mesh finds the stylised head in every frame. Thresholds sit below the figures
/// measured here (in the comments); the generator is deterministic, so these move only when the code does.
/// </summary>
public sealed class SyntheticVideoTests(SyntheticVideo video, ITestOutputHelper output) : IClassFixture<SyntheticVideo>
{
    private readonly DatasetFiles _truth = new(video.Truth), _prepared = new(video.Prepared);

    private IReadOnlyList<FrameTransform> Frames(DatasetFiles f) =>
        TransformsFile.Read(f.Transforms(DatasetSplit.Train)).Frames.Concat(TransformsFile.Read(f.Transforms(DatasetSplit.Val)).Frames).ToList();

    [Fact]
    public void Every_frame_is_prepared_and_the_dataset_reader_opens_it()
    {
        int frames = Frames(_truth).Count;
        Assert.Equal(frames, video.Result.Frames);
        Assert.Empty(DatasetValidator.Validate(video.Prepared, AudioExtractor.DeepSpeech, decodeImages: true));
        using var dataset = TalkingDataset.Open(video.Prepared);
        Assert.Equal(256, dataset.Width);
        Assert.Equal(frames * 10 / 11, dataset.Train.Frames.Count);
        var first = dataset.Train.Frames[0];
        var images = dataset.Images(first);
        Assert.Equal(256, images.GroundTruth.Width);
        Assert.Equal(16 * 29 * 8, dataset.AudioWindow(first).Length);
        Assert.True(File.Exists(Path.Combine(video.Prepared, ContactSheet.FileName)));
        Assert.False(Directory.Exists(video.Prepared + ".tmp"));
        Assert.False(Directory.Exists(Path.Combine(video.Prepared, ".prepare")));
    }

    [Fact]
    public void Landmarks_are_near_the_generators()
    {
        double inner = 0, jaw = 0;
        int n = 0;
        foreach (var f in Frames(_truth))
        {
            var t = FaceLandmarks.Read(_truth.Landmarks(f.ImgId));
            var p = FaceLandmarks.Read(_prepared.Landmarks(f.ImgId));
            double iod = Distance(t, t, 36, 45);
            for (int i = 0; i < 68; i++)
                if (i < 17) jaw += Distance(p, t, i, i) / iod / 17;
                else inner += Distance(p, t, i, i) / iod / 51;
            n++;
        }
        output.WriteLine($"NME (over outer-eye-corner distance): points 17–67 {inner / n:F3}, jaw 0–16 {jaw / n:F3}");
        // Measured: 0.061 for points 17–67; the jaw (0.231) is reported only: the mesh's outline follows the cheek, iBUG's the bone.
        Assert.True(inner / n < 0.15, $"NME {inner / n:F3}");
    }

    [Fact]
    public void Parsing_classes_overlap_the_generators()
    {
        var classes = Enum.GetValues<ParsingClass>();
        var inter = new long[classes.Length];
        var union = new long[classes.Length];
        var a = new byte[256 * 256];
        var b = new byte[256 * 256];
        foreach (var f in Frames(_truth))
        {
            ParsingImage.Read(_truth.Parsing(f.ImgId), a);
            ParsingImage.Read(_prepared.Parsing(f.ImgId), b);
            for (int i = 0; i < a.Length; i++)
                for (int c = 0; c < classes.Length; c++)
                {
                    bool x = a[i] == c, y = b[i] == c;
                    if (x && y) inter[c]++;
                    if (x || y) union[c]++;
                }
        }
        var iou = classes.ToDictionary(c => c, c => union[(int)c] == 0 ? double.NaN : inter[(int)c] / (double)union[(int)c]);
        output.WriteLine("IoU: " + string.Join(", ", iou.Select(kv => $"{kv.Key} {kv.Value:F3}")));
        // Measured: background 0.996, face 0.850, neck 0.852, torso 0.963, hair 0.695, inner mouth 0.598 (reported only:
        // a few hundred pixels at 256×256, closed in many frames).
        Assert.True(iou[ParsingClass.Background] > 0.95);
        Assert.True(iou[ParsingClass.Face] > 0.75);
        Assert.True(iou[ParsingClass.Neck] > 0.75);
        Assert.True(iou[ParsingClass.Torso] > 0.85);
        Assert.True(iou[ParsingClass.Hair] > 0.55);
    }

    [Fact]
    public void Head_rotation_follows_the_generators()
    {
        var t = Frames(_truth).Select(f => Rotation(f.TransformMatrix)).ToArray();
        var p = Frames(_prepared).Select(f => Rotation(f.TransformMatrix)).ToArray();
        var errors = Enumerable.Range(0, t.Length).Select(i => Angle(Mul(p[i], Transpose(p[0])), Mul(t[i], Transpose(t[0])))).ToArray();
        var motion = Enumerable.Range(0, t.Length).Select(i => Angle(Mul(t[i], Transpose(t[0])), Identity)).ToArray();
        output.WriteLine($"rotation relative to frame 0: truth moves up to {motion.Max():F2}°; error mean {errors.Average():F2}°, max {errors.Max():F2}°");
        Assert.True(errors.Average() < 2.0, $"mean rotation error {errors.Average():F2}°"); // measured 1.46° mean, 3.45° max, for up to 4.3° of motion
    }

    [Fact]
    public void Blink_and_mouth_curves_follow_the_generators()
    {
        var truth = File.ReadAllLines(Path.Combine(video.Truth, "synthetic_truth.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        var jaw = truth.Select(r => double.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var closure = truth.Select(r => double.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var au = ActionUnitTable.Read(_prepared.ActionUnits);
        double blink = Correlation(au.Column("AU45_r"), closure), mouth = Correlation(au.Column("AU25_r"), jaw);
        output.WriteLine($"correlation: blink (AU45 vs eye closure) {blink:F3}, mouth (AU25 vs jaw opening) {mouth:F3}");
        Assert.True(mouth > 0.75, $"mouth correlation {mouth:F3}"); // measured 0.965
        Assert.True(blink > 0.6, $"blink correlation {blink:F3}"); // measured 0.783
    }

    [Fact]
    public void The_contact_sheet_draws_any_dataset_folder()
    {
        // The generator's own folder (tg synth) is a dataset like any other: the sheet reads only the original's format.
        var sheet = Path.Combine(video.Truth, "sheet.png");
        ContactSheet.Write(video.Truth, sheet);
        using var image = OpenCvSharp.Cv2.ImRead(sheet);
        Assert.Equal(6 * 256, image.Width);
        Assert.True(image.Height > 2 * 256);
    }

    [Fact]
    public void Sound_shorter_than_the_picture_cuts_the_frames_and_says_so()
    {
        var dir = Path.GetDirectoryName(video.Prepared)!;
        var shortWav = Path.Combine(dir, "two-seconds.wav");
        var psi = new System.Diagnostics.ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-v", "error", "-y", "-i", Path.Combine(video.Truth, "aud.wav"), "-t", "2", shortWav }) psi.ArgumentList.Add(a);
        using (var p = System.Diagnostics.Process.Start(psi)!) { p.StandardError.ReadToEnd(); p.WaitForExit(); Assert.Equal(0, p.ExitCode); }
        var mp4 = Path.Combine(dir, "short-sound.mp4");
        SyntheticVideo.Encode(Path.Combine(video.Truth, "gt_imgs"), shortWav, mp4, 25);
        var result = DatasetPreparer.Prepare(mp4, Path.Combine(dir, "short-sound"), new PreparationOptions { Models = PreparationModels.Store });
        // Two seconds of sound (a frame more after AAC's padding) for three seconds of picture: 75 frames cut to the audio rows.
        int rows = TalkingGaussian.Data.Npy.NpyReader.ReadHeader(new DatasetFiles(result.Folder).AudioFeatures(AudioExtractor.DeepSpeech)).Shape[0];
        Assert.InRange(rows, 50, 52);
        Assert.Equal(rows, result.Frames);
        Assert.Contains(result.Notes, n => n.StartsWith("the sound ends") && n.EndsWith($"the last {75 - rows} frames were left out"));
        Assert.Empty(DatasetValidator.Validate(result.Folder));
    }

    [Fact]
    public void An_interrupted_preparation_resumes_at_the_stage_it_stopped_in_and_leaves_the_video_untouched()
    {
        var before = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(video.Video)));
        var folder = Path.Combine(Path.GetDirectoryName(video.Prepared)!, "resumed");
        var options = new PreparationOptions { Models = PreparationModels.Store, MaxFrames = 12 };
        var stop = options with { Log = line => { if (line.StartsWith("parsing:")) throw new OperationCanceledException("interrupted"); } };
        Assert.Throws<OperationCanceledException>(() => DatasetPreparer.Prepare(video.Video, folder, stop));
        Assert.True(Directory.Exists(folder + ".tmp"));
        Assert.False(Directory.Exists(folder));

        // Other settings do not silently reuse the unfinished folder.
        var other = Assert.Throws<PreparationException>(() => DatasetPreparer.Prepare(video.Video, folder, options with { MaxFrames = 10 }));
        Assert.Contains("unfinished preparation", other.Message);

        var lines = new List<string>();
        var result = DatasetPreparer.Prepare(video.Video, folder, options with { Log = lines.Add });
        foreach (var stage in new[] { "audio", "frames", "landmarks" })
            Assert.Contains($"{stage}: finished in an earlier run, skipped", lines);
        Assert.Contains(lines, l => l.StartsWith("parsing: done in"));
        Assert.Contains(lines, l => l.StartsWith("parsing: 12/12 frames (100%)"));
        Assert.Equal(12, result.Frames);
        Assert.Empty(DatasetValidator.Validate(folder));
        Assert.False(Directory.Exists(folder + ".tmp"));
        Assert.Equal(before, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(video.Video))));
    }

    private static double Distance(FaceLandmarks a, FaceLandmarks b, int i, int j) => Math.Sqrt(Math.Pow(a.X(i) - b.X(j), 2) + Math.Pow(a.Y(i) - b.Y(j), 2));

    private static double Correlation(double[] x, double[] y)
    {
        int n = Math.Min(x.Length, y.Length);
        double mx = x.Take(n).Average(), my = y.Take(n).Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my); }
        return sxy / Math.Sqrt(sxx * syy);
    }

    private static readonly double[,] Identity = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };

    /// <summary>The head-to-camera rotation (OpenGL axes) of a camera-to-world transform: the transpose of its rotation block.</summary>
    private static double[,] Rotation(double[,] c2w)
    {
        var r = new double[3, 3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) r[i, j] = c2w[j, i];
        return r;
    }

    private static double[,] Transpose(double[,] m) => Rotation(m);

    private static double[,] Mul(double[,] a, double[,] b)
    {
        var r = new double[3, 3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) r[i, j] += a[i, k] * b[k, j];
        return r;
    }

    private static double Angle(double[,] a, double[,] b)
    {
        double trace = 0;
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) trace += a[i, j] * b[i, j];
        return Math.Acos(Math.Clamp((trace - 1) / 2, -1, 1)) * 180 / Math.PI;
    }
}
