using System.Text.Json;
using TalkingGaussian.Data.Synthetic;
using TalkingGaussian.Evaluation;
using TalkingGaussian.Evaluation.Lpips;
using TalkingGaussian.Media;
using TalkingGaussian.Tests.Evaluation;
using TalkingGaussian.Tests.Gaussians;

namespace TalkingGaussian.Tests.Cli;

/// <summary>A 128×128 synthetic speaker of about 2.5 s (built-in voice): ground truth with landmarks and synthetic_truth.csv.</summary>
public sealed class SpeakerFixture : IDisposable
{
    public SpeakerFixture()
    {
        Root = Directory.CreateTempSubdirectory("tg-eval-").FullName;
        Folder = Path.Combine(Root, "truth");
        SyntheticSpeaker.Generate(Folder, new SyntheticSpeakerOptions
        {
            Size = 128, Seed = 3, BuiltInVoice = true, BuiltInSeconds = 2.6, MaxFrames = 64, FramesOnly = true, Threads = 2,
        });
    }

    public string Root { get; }
    public string Folder { get; }
    public string Frames => Path.Combine(Folder, "gt_imgs");
    public void Dispose() => Directory.Delete(Root, recursive: true);
}

/// <summary><c>tg eval</c> in-process on the synthetic speaker's frames.</summary>
[Collection(ExclusiveCollection.Name)]
public sealed class EvalCommandTests(SpeakerFixture speaker) : TempFolderTest, IClassFixture<SpeakerFixture>
{
    private static JsonElement Report(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;

    private static double? Value(JsonElement report, string metric) =>
        report.GetProperty(metric).TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    [Fact]
    public void Ground_truth_against_itself_scores_perfectly_and_lip_sync_reaches_its_ceiling()
    {
        var json = Path.Combine(TempFolder(), "self.json");
        var cache = Environment.GetEnvironmentVariable("TG_MODELS");
        Environment.SetEnvironmentVariable("TG_MODELS", TempFolder()); // an empty model cache, whatever this machine holds
        (int Code, string Out, string Err) r;
        try
        {
            r = Tg.Run("eval", speaker.Frames, speaker.Folder, "--json", json, "--pred-landmarks", Path.Combine(speaker.Folder, "ori_imgs"), "--models", TempFolder());
        }
        finally
        {
            Environment.SetEnvironmentVariable("TG_MODELS", cache);
        }
        Assert.True(r.Code == 0, r.Err);
        var report = Report(json);
        Assert.Equal("Infinity", report.GetProperty("psnr").GetProperty("value").GetString());
        Assert.Equal(1.0, Value(report, "ssim")!.Value, 12);
        Assert.Equal(0.0, Value(report, "lmd")!.Value, 12);
        double ceiling = Value(report, "lip_sync_ceiling")!.Value;
        Assert.Equal(ceiling, Value(report, "lip_sync")!.Value, 12);
        Assert.True(ceiling > 0.85, $"the inner-mouth area of the true frames correlates {ceiling} with the jaw opening"); // measured 0.968
        Assert.Null(Value(report, "lpips"));
        Assert.Contains("not found", report.GetProperty("lpips").GetProperty("unavailable").GetString());
        Assert.Contains("LPIPS (alex)", r.Out);
        Assert.Contains("n/a", r.Out);
    }

    [Fact]
    public void A_video_is_scored_with_lpips_from_the_models_folder()
    {
        var dir = TempFolder();
        var models = Path.Combine(dir, "models");
        var weights = LpipsTestWeights.WriteAndLoad(models, LpipsTestWeights.NarrowChannels, 7);
        var video = Path.Combine(dir, "pred.mp4");
        using var frames = FrameSequence.Open(speaker.Frames);
        var frame = new float[3 * 128 * 128];
        using (var writer = new Mp4Writer(video, 128, 128, new Mp4WriterOptions { Crf = 28 }))
        {
            while (frames.Read(frame)) writer.Write(frame);
            writer.Complete();
        }

        var json = Path.Combine(dir, "video.json");
        var r = Tg.Run("eval", video, speaker.Folder, "--json", json, "--models", models);
        Assert.True(r.Code == 0, r.Err);
        var report = Report(json);
        int n = report.GetProperty("frames").GetInt32();
        Assert.Equal(report.GetProperty("truth_frames").GetInt32(), n);

        // the report's LPIPS is the mean of the metric over the decoded frames
        var lpips = new LpipsAlex(weights);
        using var pred = FrameSequence.Open(video);
        using var gt = FrameSequence.Open(speaker.Frames);
        var a = new float[frame.Length];
        var b = new float[frame.Length];
        double sum = 0;
        while (pred.Read(a) && gt.Read(b)) sum += lpips.Distance(a, b, 128, 128, Span<float>.Empty, 0);
        Assert.Equal(sum / n, Value(report, "lpips")!.Value, 1e-6);
        Assert.InRange(Value(report, "psnr")!.Value, 25, 60);
        Assert.InRange(Value(report, "lips_psnr")!.Value, 15, 60);
        Assert.True(Value(report, "lip_sync") > 0.8, $"lip-sync {Value(report, "lip_sync")}"); // measured 0.954 at crf 28 (PSNR 34.9 dB)
        Assert.Null(Value(report, "lmd")); // no predicted landmarks
    }

    [Fact]
    public void Frames_in_the_wrong_order_lose_lip_sync()
    {
        var dir = TempFolder();
        var files = Directory.GetFiles(speaker.Frames).OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f))).ToArray();
        for (int k = 0; k < files.Length; k++) File.Copy(files[k], Path.Combine(dir, $"{files.Length - 1 - k}.jpg"));
        var json = Path.Combine(TempFolder(), "reversed.json");
        Assert.Equal(0, Tg.Run("eval", dir, speaker.Folder, "--json", json).Code);
        var report = Report(json);
        Assert.True(Value(report, "lip_sync") < 0.6, $"reversed frames still correlate {Value(report, "lip_sync")}"); // measured 0.42
        Assert.True(Value(report, "lip_sync_ceiling") > 0.85);
    }

    [Fact]
    public void Bad_inputs_exit_with_one_line_naming_the_problem()
    {
        var dir = TempFolder();
        var r = Tg.Run("eval", Path.Combine(dir, "missing.mp4"), speaker.Folder);
        Assert.Equal(1, r.Code);
        Assert.Contains("missing.mp4", r.Err);

        var small = Path.Combine(dir, "small");
        Directory.CreateDirectory(small);
        ImageIO.SavePng(Path.Combine(small, "0.png"), new float[3 * 16 * 16], 16, 16);
        r = Tg.Run("eval", small, speaker.Folder, "--json", Path.Combine(dir, "r.json"));
        Assert.Equal(1, r.Code);
        Assert.Contains("16×16", r.Err);
        Assert.False(File.Exists(Path.Combine(dir, "r.json")));
    }
}
