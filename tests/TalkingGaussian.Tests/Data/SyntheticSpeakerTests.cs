using TalkingGaussian.Data;
using TalkingGaussian.Data.Audio;
using TalkingGaussian.Data.Synthetic;
using TalkingGaussian.Media;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Data;

/// <summary>synth → check → read returns what was written.</summary>
[Collection(SyntheticDatasetCollection.Name)]
public class SyntheticSpeakerTests(SyntheticDatasetFixture fixture) : DataTempTest
{
    private static MotionSchedule Schedule() => SyntheticSpeaker.Schedule(SyntheticSpeaker.Speech(SyntheticDatasetFixture.Options).Clip, SyntheticDatasetFixture.Options.Seed);

    [Fact]
    public void WritesTheOriginalLayoutWithTheTenElevenSplit()
    {
        Assert.Equal(20, fixture.Result.Frames);
        Assert.Equal(18, fixture.Result.TrainFrames);
        foreach (var f in new[] { "transforms_train.json", "transforms_val.json", "bc.jpg", "au.csv", "aud.wav", "aud_ds.npy" })
            Assert.True(File.Exists(Path.Combine(fixture.Folder, f)), f);
        foreach (var d in new[] { "gt_imgs", "torso_imgs", "parsing", "teeth_mask", "ori_imgs" })
            Assert.True(Directory.Exists(Path.Combine(fixture.Folder, d)), d);
        Assert.Equal(20, Directory.GetFiles(Path.Combine(fixture.Folder, "ori_imgs"), "*.lms").Length);
        Assert.False(Directory.Exists(fixture.Folder + $".tmp-{Environment.ProcessId}"));
        var header = File.ReadLines(Path.Combine(fixture.Folder, "au.csv")).First();
        Assert.Contains(", AU45_r", header); // OpenFace-style leading space
        Assert.StartsWith("frame, face_id, timestamp, confidence, success", header);
        // As the original's tools write them: RGB parsing PNGs, RGBA torso PNGs.
        Assert.Equal(24, SixLabors.ImageSharp.Image.Identify(Path.Combine(fixture.Folder, "parsing", "4.png"))!.PixelType.BitsPerPixel);
        Assert.Equal(32, SixLabors.ImageSharp.Image.Identify(Path.Combine(fixture.Folder, "torso_imgs", "4.png"))!.PixelType.BitsPerPixel);
    }

    [Fact]
    public void PassesValidation() => Assert.Empty(DatasetValidator.Validate(fixture.Folder));

    [Fact]
    public void ReadsBackPosesLandmarksAndActionUnits()
    {
        var schedule = Schedule();
        using var ds = TalkingDataset.Open(fixture.Folder, new DatasetOptions { CacheBudgetBytes = 1 << 20 });
        Assert.Equal(18, ds.Train.Frames.Count);
        Assert.Equal(2, ds.Val.Frames.Count);
        Assert.Equal(20, ds.Audio.Rows);
        Assert.Equal((29, 16), (ds.Audio.Channels, ds.Audio.Steps));
        Assert.Equal(64, ds.Width);
        Assert.Equal(SyntheticSpeaker.FocalPerPixel * 64, ds.FocalLength, 9);
        foreach (var frame in ds.Train.Frames.Concat(ds.Val.Frames))
        {
            var state = schedule.State(frame.ImgId);
            var c2w = SyntheticSpeaker.CameraToWorld(state.HeadMotion);
            for (int r = 0; r < 4; r++)
                for (int c = 0; c < 4; c++) Assert.Equal(c2w[r, c], frame.TransformMatrix[r, c]);
            var expected = LandmarkAnchors.Project(state, frame.Camera);
            for (int i = 0; i < 136; i++) Assert.Equal(expected.Xy[i], frame.Landmarks.Xy[i], 2e-4f);
            var au = schedule.ActionUnits(frame.ImgId);
            Assert.Equal((float)(Math.Clamp(au.Au45, 0, 2) / 2), frame.Blink, 1e-6f);
            Assert.Equal((float)au.Au01, frame.Expression[0], 1e-6f);
            Assert.Equal((float)au.Au07, frame.Expression[4], 1e-6f);
            Assert.Equal(LipsRectangle.MouthOpening(expected), frame.MouthOpening);
        }
        var bound = ds.Train.MouthBound(ds.Train.Frames[0]);
        Assert.Equal(ds.Train.Frames.Min(f => f.MouthOpening), bound[0]);
        Assert.Equal(ds.Train.Frames.Max(f => f.MouthOpening), bound[1]);
        var table = ActionUnitTable.Read(ds.Files.ActionUnits);
        Assert.Equal(Enumerable.Range(0, 20).Select(k => schedule.ActionUnits(k).Au25), table.Column("AU25_r"));
    }

    [Fact]
    public void MasksMatchTheRenderedClasses()
    {
        var schedule = Schedule();
        using var ds = TalkingDataset.Open(fixture.Folder, new DatasetOptions { CacheBudgetBytes = 1 << 20 });
        var head = SyntheticHeadBuilder.Build(SyntheticDatasetFixture.Options.Seed);
        using var renderer = new SyntheticFrameRenderer(head, Backdrop.Create(64, 64), new ReferenceRasterizer());
        foreach (var frame in new[] { ds.Train.Frames[0], ds.Train.Frames[9], ds.Val.Frames[1] })
        {
            var classes = renderer.Render(schedule.State(frame.ImgId), frame.Camera).Classes;
            var masks = ds.Images(frame).Masks;
            for (int i = 0; i < classes.Length; i++)
            {
                var c = (SyntheticClass)classes[i];
                bool teeth = classes[i] == (int)SyntheticClass.Teeth;
                Assert.Equal(classes[i] >= 0 && (c == SyntheticClass.Face || teeth), masks.Face[i]); // blue XOR teeth
                Assert.Equal(classes[i] >= 0 && c == SyntheticClass.Hair, masks.Hair[i]);
                Assert.Equal(classes[i] >= 0 && (c == SyntheticClass.Mouth || teeth), masks.Mouth[i]);
            }
            Assert.True(masks.Face.Count(b => b) > 300, "the face covers a good part of the frame");
            Assert.True(masks.Hair.Count(b => b) > 50, "hair is visible");
        }
    }

    [Fact]
    public void ImagesAndPlateAreConsistent()
    {
        using var ds = TalkingDataset.Open(fixture.Folder, new DatasetOptions { CacheBudgetBytes = 1 << 20 });
        var images = ds.Images(ds.Train.Frames[3]);
        Assert.Equal((64, 64, 3), (images.GroundTruth.Width, images.GroundTruth.Height, images.GroundTruth.Channels));
        var torso = ImageIO.Load(ds.Files.Torso(3), 4);
        // Where the torso is transparent the plate is bc.jpg exactly; where opaque it is the torso colour.
        int transparent = 0, opaque = 0;
        for (int i = 0; i < 64 * 64; i++)
        {
            float a = torso.Pixels[3 * 4096 + i];
            if (a == 0) { transparent++; Assert.Equal(ds.Background.Pixels[i], images.TorsoPlate.Pixels[i], 1e-6f); }
            if (a == 1) { opaque++; Assert.Equal(torso.Pixels[i], images.TorsoPlate.Pixels[i], 1e-6f); }
        }
        Assert.True(transparent > 1000 && opaque > 300, $"{transparent} transparent, {opaque} opaque");
        Assert.Equal(8 * 29 * 16, ds.AudioWindow(ds.Train.Frames[0]).Length);
    }

    [Fact]
    public void JawFollowsTheLoudnessOfTheSpeech()
    {
        // 4 s at 16 kHz: silence, a 200 Hz tone, the same tone at half amplitude, the full tone again (1 s each). The 40 ms
        // RMS over a whole number of periods is amplitude/√2 and the 95th percentile is the full tone's, so the envelope
        // is 0, 1 and 0.5 on the plateaus, and the jaw (README: opening = envelope^0.8) 0, 1 and 0.5^0.8 = 0.574349.
        const int rate = AudioClip.SpeechRate;
        var samples = new float[4 * rate];
        for (int i = rate; i < samples.Length; i++)
        {
            float amplitude = i < 2 * rate || i >= 3 * rate ? 0.5f : 0.25f;
            samples[i] = amplitude * MathF.Sin(2 * MathF.PI * 200 * i / rate);
        }
        var schedule = SyntheticSpeaker.Schedule(new AudioClip(samples, rate), seed: 1);
        Assert.Equal(100, schedule.Frames);
        for (int k = 2; k < 23; k++) Assert.Equal(0f, schedule.JawOpen(k));
        for (int k = 27; k < 48; k++) Assert.Equal(1f, schedule.JawOpen(k), 1e-5f);
        for (int k = 52; k < 73; k++) Assert.Equal(0.574349f, schedule.JawOpen(k), 1e-5f);
        for (int k = 77; k < 98; k++) Assert.Equal(1f, schedule.JawOpen(k), 1e-5f);

        var voice = Schedule(); // the built-in voice has loud and quiet frames
        var jaw = Enumerable.Range(0, voice.Frames).Select(voice.JawOpen).ToArray();
        Assert.True(jaw.Max() > 0.9f && jaw.Min() < 0.3f, $"jaw opening spans {jaw.Min():G3}–{jaw.Max():G3}");
    }

    /// <summary>
    /// Determinism and consistency only (the writer and this test run the same extractor): the features in aud_ds.npy are
    /// those of the aud.wav beside them. Their values are checked against hand-derived ones in <see cref="SpeechFeatureTests"/>.
    /// </summary>
    [Fact]
    public void TruthFileGivesTheLipGapTheLandmarksShow()
    {
        var schedule = Schedule();
        var lines = File.ReadAllLines(Path.Combine(fixture.Folder, "synthetic_truth.csv"));
        Assert.Equal("frame,jaw_open,eye_closure,lip_gap_mm,jaw_drop_mm,lip_rise_mm", lines[0]);
        Assert.Equal(21, lines.Length);
        float CentreGap(FaceState s) { var p = LandmarkAnchors.Positions(s); return p[62].Y - p[66].Y; } // centre inner-lip points
        float rest = CentreGap(FaceState.Rest);
        bool opened = false;
        for (int k = 0; k < 20; k++)
        {
            var cells = lines[k + 1].Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var state = schedule.State(k);
            Assert.Equal(k, cells[0]);
            Assert.Equal(state.JawOpen, cells[1], 1e-5);
            // The written gap is what the rendered lips do at the mouth centre: measured there from the landmark anchors.
            Assert.Equal(1000 * (CentreGap(state) - rest), cells[3], 2e-3); // 3 decimals written; float anchors ≈ 1e-4 mm
            Assert.Equal(cells[3], cells[4] + cells[5], 2e-3);
            opened |= cells[3] > 15;
        }
        Assert.True(opened, "the clip opens the mouth wider than 15 mm somewhere");
    }

    [Fact]
    public void FramesOnlyRendersTheSameFramesAsAFullRun()
    {
        var dir = Path.Combine(TempFolder(), "frames-only");
        SyntheticSpeaker.Generate(dir, SyntheticDatasetFixture.Options with { FramesOnly = true });
        Assert.False(Directory.Exists(Path.Combine(dir, "parsing")));
        for (int k = 0; k < 20; k++)
            foreach (var f in new[] { $"gt_imgs/{k}.jpg", $"ori_imgs/{k}.lms" })
                Assert.True(File.ReadAllBytes(Path.Combine(fixture.Folder, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir, f))), f);
        Assert.Equal(File.ReadAllText(Path.Combine(fixture.Folder, "synthetic_truth.csv")), File.ReadAllText(Path.Combine(dir, "synthetic_truth.csv")));
    }

    [Fact]
    public void FeaturesReExtractedFromAudWavEqualAudDs()
    {
        var fromWav = SpeechFeatureWindows.Extract(WavFile.Read(Path.Combine(fixture.Folder, "aud.wav")));
        var written = TalkingGaussian.Data.Npy.NpyReader.Read(Path.Combine(fixture.Folder, "aud_ds.npy"));
        Assert.Equal(written.Shape, fromWav.Shape);
        Assert.Equal(written.Data, fromWav.Data);
    }

    [Fact]
    public void SameSeedGivesIdenticalFiles()
    {
        var again = Path.Combine(TempFolder(), "again");
        SyntheticSpeaker.Generate(again, SyntheticDatasetFixture.Options);
        foreach (var f in new[] { "au.csv", "aud_ds.npy", "aud.wav", "transforms_train.json", "ori_imgs/7.lms", "parsing/7.png", "gt_imgs/7.jpg", "teeth_mask/7.npy", "torso_imgs/7.png" })
            Assert.True(File.ReadAllBytes(Path.Combine(fixture.Folder, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(again, f))), f);
    }

    [Fact]
    public void FramesOnlyForNewAudioReplaysTheTrainingPoses()
    {
        var dir = TempFolder();
        var wav = Path.Combine(dir, "new.wav");
        WavFile.Write(wav, SpeechSource.Synthetic(0.8, seed: 11));
        var outDir = Path.Combine(dir, "truth");
        var r = SyntheticSpeaker.Generate(outDir, SyntheticDatasetFixture.Options with { AudioPath = wav, FramesOnly = true, BuiltInVoice = false });
        Assert.Equal(20, r.Frames); // 0.8 s → L = 40 → ⌈39/2⌉ = 20
        Assert.False(Directory.Exists(Path.Combine(outDir, "parsing")));
        Assert.True(File.Exists(Path.Combine(outDir, "gt_imgs", "19.jpg")));
        var trained = TransformsFile.Read(Path.Combine(fixture.Folder, "transforms_train.json"));
        var truth = TransformsFile.Read(Path.Combine(outDir, "transforms_train.json"));
        for (int k = 0; k < truth.Frames.Count; k++)
            Assert.Equal(trained.Frames[k].TransformMatrix, truth.Frames[k].TransformMatrix);
        var au = ActionUnitTable.Read(Path.Combine(outDir, "au.csv"));
        var auTrain = ActionUnitTable.Read(Path.Combine(fixture.Folder, "au.csv"));
        Assert.Equal(auTrain.Column("AU45_r"), au.Column("AU45_r"));
        Assert.NotEqual(auTrain.Column("AU25_r"), au.Column("AU25_r")); // the mouth follows the new audio
    }

    [Fact]
    public void RefusesANonEmptyFolderAndLeavesItUntouched()
    {
        var dir = TempFolder();
        var keep = Path.Combine(dir, "mine.txt");
        File.WriteAllText(keep, "user data");
        var e = Assert.Throws<IOException>(() => SyntheticSpeaker.Generate(dir, SyntheticDatasetFixture.Options));
        Assert.Contains("--overwrite", e.Message);
        Assert.Equal("user data", File.ReadAllText(keep));
        Assert.Single(Directory.GetFileSystemEntries(dir));
    }
}
