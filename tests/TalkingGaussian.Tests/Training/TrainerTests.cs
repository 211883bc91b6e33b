using System.Diagnostics;
using System.Text.Json;
using TalkingGaussian.Compute;
using TalkingGaussian.Data;
using TalkingGaussian.Model;
using TalkingGaussian.Training;
using TalkingGaussian.Training.Checkpoints;
using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Tests.Training;

[Collection(ExclusiveCollection.Name)]
public sealed class TrainerTests(TinySpeakerFixture fixture) : IClassFixture<TinySpeakerFixture>
{
    private static int TotalIterations => TinySpeakerFixture.Settings.Face.Iterations + TinySpeakerFixture.Settings.Mouth.Iterations + TinySpeakerFixture.Settings.Fuse.Iterations;

    [Fact]
    public void A_run_writes_its_folder_and_a_model_that_renders_what_the_trainer_scored()
    {
        using var dataset = fixture.Open();
        var run = new TrainingRun(fixture.NewRun());
        var result = Train(dataset, TestDevices.Cpu, run, stopAfter: null);

        var lines = File.ReadAllLines(run.LogPath);
        Assert.Equal(TotalIterations, lines.Length);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("face", first.GetProperty("stage").GetString());
        Assert.True(first.GetProperty("loss").GetProperty("l1").GetDouble() > 0);
        Assert.Equal(3, Directory.GetFiles(run.CheckpointFolder, "*-end.npz").Length);
        Assert.NotNull(run.LatestCheckpoint());
        Assert.True(File.ReadAllLines(run.ValidationPath).Length >= 3);

        var eval = result.Evaluation!;
        Assert.Equal(dataset.Val.Frames.Count, eval.Frames);
        Assert.True(eval.Psnr is > 5 and < 60, $"eval PSNR {eval.Psnr}");
        Assert.Null(eval.Lpips); // no weights in the tests: reported as unavailable, never as a number
        using var doc = JsonDocument.Parse(File.ReadAllText(run.EvalPath));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("lpips").ValueKind);

        // The saved model, loaded and rendered as inference does, scores what the trainer wrote for the same frame.
        var model = TalkingHeadModel.Load(run.Folder);
        using var renderer = new TalkingHeadRenderer(model, TestDevices.Cpu);
        var frame = dataset.Val.Frames[0];
        var images = dataset.Images(frame);
        var head = renderer.Render(dataset.AudioWindow(frame), frame.Expression, frame.Camera, images.TorsoPlate.Pixels).Head;
        double psnr = -10 * Math.Log10(head.Zip(images.GroundTruth.Pixels, (a, b) => (double)(a - b) * (a - b)).Average());
        Assert.Equal(eval.FramePsnr[0], psnr, 3); // same render path; 1e-3 dB covers the order of atomic sums of two CPU threads
    }

    [Theory]
    [InlineData("sequential")]
    [InlineData("cpu")]
    public void Resuming_from_checkpoints_gives_the_uninterrupted_run_bit_for_bit(string deviceName)
    {
        // On a device whose threads run one at a time, atomics add in a fixed order, so every float is repeatable. On the
        // multi-threaded CPU device the step runs the SIMD rasterizer and motion backends, which sum per-thread partials in
        // a fixed order (no atomics), so the run is repeatable there too.
        var device = deviceName == "sequential" ? TestDevices.CpuSequential : TestDevices.Cpu;
        using var dataset = fixture.Open();
        var full = new TrainingRun(fixture.NewRun());
        var expected = Train(dataset, device, full, stopAfter: null).State;

        var split = new TrainingRun(fixture.NewRun());
        Assert.Throws<OperationCanceledException>(() => Train(dataset, device, split, stopAfter: 25));       // inside the face stage
        Assert.Throws<OperationCanceledException>(() => Train(dataset, device, split, stopAfter: 22, resume: true)); // inside the mouth stage
        var resumed = Train(dataset, device, split, stopAfter: null, resume: true).State;

        AssertSameBranch(expected.FaceGaussians!, expected.FaceMotion!, resumed.FaceGaussians!, resumed.FaceMotion!);
        AssertSameBranch(expected.MouthGaussians!, expected.MouthMotion!, resumed.MouthGaussians!, resumed.MouthMotion!);
        // The log was cut back to each checkpoint, so it holds every iteration once, with the same losses.
        var a = File.ReadAllLines(full.LogPath).Select(Losses).ToArray();
        var b = File.ReadAllLines(split.LogPath).Select(Losses).ToArray();
        Assert.Equal(a, b);
        // validation.jsonl too: the scores after each checkpoint are not repeated.
        Assert.Equal(File.ReadAllLines(full.ValidationPath), File.ReadAllLines(split.ValidationPath));
    }

    [Fact]
    public void A_process_killed_while_writing_a_checkpoint_leaves_the_previous_one_loadable()
    {
        var run = new TrainingRun(fixture.NewRun());
        string settings = Path.Combine(Path.GetDirectoryName(run.Folder)!, $"{Guid.NewGuid():N}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(settings)!);
        File.WriteAllText(settings, TrainingSettingsJson.Serialize(TinySpeakerFixture.Settings));
        string tg = Path.Combine(AppContext.BaseDirectory, "tg.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { tg, "train", fixture.Folder, "--out", run.Folder, "--preset", "quick", "--settings", settings, "--device", "cpu", "--quiet" })
            start.ArgumentList.Add(arg);
        start.Environment["TG_TEST_CHECKPOINT_PAUSE"] = "2:60000"; // the 2nd checkpoint write stops half way for a minute
        using var process = Process.Start(start)!;
        var clock = Stopwatch.StartNew();
        string[] unfinished = [];
        while (clock.Elapsed < TimeSpan.FromMinutes(3) && !process.HasExited)
        {
            // Wait for the paused second write: the first checkpoint is complete (latest names it) and a temporary file exists.
            unfinished = run.LatestCheckpoint() is null ? []
                : Directory.GetFiles(run.CheckpointFolder, ".*.npz.*.tmp", TrainingRun.TemporaryFiles);
            if (unfinished.Length > 0) break;
            Thread.Sleep(50);
        }

        if (process.HasExited) Assert.Fail("tg train ended before its second checkpoint: " + process.StandardError.ReadToEnd());
        Assert.NotEmpty(unfinished);
        process.Kill(); // SIGKILL: no handler, no cleanup
        process.WaitForExit();

        // The half-written file is there; latest still names the first checkpoint, which loads and resumes.
        Assert.True(File.Exists(unfinished[0]));
        string latest = run.LatestCheckpoint()!;
        Assert.Equal(TinySpeakerFixture.Settings.CheckpointEvery, TrainingCheckpoint.ReadMeta(latest).Iteration);
        var (code, _, err) = Cli.Tg.Run("train", "--resume", run.Folder, "--device", "cpu", "--quiet");
        Assert.True(code == 0, err);
        Assert.False(File.Exists(unfinished[0]));
        Assert.True(File.Exists(Path.Combine(run.ModelFolder, "model.json")));
        Assert.Equal(TotalIterations, File.ReadAllLines(run.LogPath).Length);
        // The validation at iteration 20 ran before the killed write; the resumed run scores it again, once in the file.
        var validated = File.ReadAllLines(run.ValidationPath).Select(Iteration).ToArray();
        Assert.Contains("face/20", validated);
        Assert.Equal(validated.Distinct().Count(), validated.Length);
    }

    private static string Iteration(string line)
    {
        var root = JsonDocument.Parse(line).RootElement;
        return $"{root.GetProperty("stage").GetString()}/{root.GetProperty("it")}";
    }

    [Fact]
    public void A_perceptual_loss_enters_the_released_iterations_of_each_stage_and_the_evaluation()
    {
        // A stand-in for LPIPS (mean squared error, any size): the tests have no AlexNet weights.
        using var dataset = fixture.Open();
        var run = new TrainingRun(fixture.NewRun());
        var perceptual = new MeanSquaredPerceptual();
        var s = TinySpeakerFixture.Settings;
        using var context = new TrainingContext(s, dataset, TestDevices.Cpu, perceptual);
        var result = new Trainer(context, run).Run(null, CancellationToken.None);

        var withTerm = new Dictionary<string, List<int>> { ["face"] = [], ["mouth"] = [], ["fuse"] = [] };
        foreach (var line in File.ReadAllLines(run.LogPath))
        {
            var root = JsonDocument.Parse(line).RootElement;
            if (root.GetProperty("loss").TryGetProperty("lpips", out var v))
            {
                Assert.True(v.GetDouble() > 0, line);
                withTerm[root.GetProperty("stage").GetString()!].Add(root.GetProperty("it").GetInt32());
            }
        }
        // original-code.md §5.1–5.3: the face from 94 % of its stage, the mouth in its colour-only final phase, fusion from half way.
        Assert.Equal(Late(s.Face.LpipsFromFraction, s.Face.Iterations), withTerm["face"]);
        Assert.Equal(Late(s.Mouth.FinalFraction, s.Mouth.Iterations), withTerm["mouth"]);
        Assert.Equal(Late(s.Fuse.LpipsFromFraction, s.Fuse.Iterations), withTerm["fuse"]);
        Assert.True(perceptual.GradientCalls > 0); // the terms were differentiated, not only scored

        Assert.NotNull(result.Evaluation!.Lpips); // reported as a number when a perceptual loss exists
        Assert.Equal(perceptual.Name, result.Evaluation.LpipsNote);
    }

    private static List<int> Late(float fraction, int iterations)
    {
        var its = new List<int>();
        for (int it = StageFraction.Of(fraction, iterations) + 1; it < iterations; it++) its.Add(it);
        return its;
    }

    /// <summary>d = mean of squared differences, with its gradient; accepts any size.</summary>
    private sealed class MeanSquaredPerceptual : IPerceptualLoss
    {
        public int GradientCalls { get; private set; }
        public string Name => "test-mean-squared";
        public int MinimumSide => 1;

        public float Distance(ReadOnlySpan<float> image, ReadOnlySpan<float> target, int width, int height, Span<float> gradient, float scale)
        {
            double sum = 0;
            for (int i = 0; i < image.Length; i++) sum += (double)(image[i] - target[i]) * (image[i] - target[i]);
            if (!gradient.IsEmpty)
            {
                GradientCalls++;
                for (int i = 0; i < image.Length; i++) gradient[i] += scale * 2f * (image[i] - target[i]) / image.Length;
            }
            return (float)(sum / image.Length);
        }
    }

    private static TrainingResult Train(TalkingDataset dataset, ComputeDevice device, TrainingRun run, int? stopAfter, bool resume = false)
    {
        using var context = new TrainingContext(TinySpeakerFixture.Settings, dataset, device);
        using var cancel = new CancellationTokenSource();
        int done = 0;
        var trainer = new Trainer(context, run)
        {
            Iterated = (_, _) => { if (++done == stopAfter) cancel.Cancel(); },
        };
        return trainer.Run(resume ? run.LatestCheckpoint() : null, cancel.Token);
    }

    private static void AssertSameBranch(GaussianFieldOptimizer g1, MotionFieldOptimizer m1, GaussianFieldOptimizer g2, MotionFieldOptimizer m2)
    {
        var (f1, f2) = (g1.Field, g2.Field);
        Assert.Equal(f1.Count, f2.Count);
        Assert.Equal(f1.Means.AsSpan(0, 3 * f1.Count).ToArray(), f2.Means.AsSpan(0, 3 * f2.Count).ToArray());
        Assert.Equal(f1.ScalesRaw.AsSpan(0, 3 * f1.Count).ToArray(), f2.ScalesRaw.AsSpan(0, 3 * f2.Count).ToArray());
        Assert.Equal(f1.RotationsRaw.AsSpan(0, 4 * f1.Count).ToArray(), f2.RotationsRaw.AsSpan(0, 4 * f2.Count).ToArray());
        Assert.Equal(f1.OpacitiesRaw.AsSpan(0, f1.Count).ToArray(), f2.OpacitiesRaw.AsSpan(0, f2.Count).ToArray());
        Assert.Equal(f1.Sh, f2.Sh);
        Assert.Equal(m1.Parameters, m2.Parameters);
        foreach (var g in g1.Adam.Groups)
        {
            Assert.Equal(g1.Adam.MomentsOf(g).V, g2.Adam.MomentsOf(g2.Adam[g.Name]).V);
            Assert.Equal(g1.Adam.StepCount(g), g2.Adam.StepCount(g2.Adam[g.Name]));
        }
        foreach (var g in m1.AdamW.Groups) Assert.Equal(m1.AdamW.MomentsOf(g).M, m2.AdamW.MomentsOf(m2.AdamW[g.Name]).M);
    }

    private static string Losses(string line)
    {
        var root = JsonDocument.Parse(line).RootElement;
        return $"{root.GetProperty("stage")}/{root.GetProperty("it")}: {root.GetProperty("loss").GetRawText()} {root.GetProperty("frame").GetProperty("img_id")}";
    }
}
