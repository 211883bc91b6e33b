using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using TalkingGaussian.Data;
using TalkingGaussian.Inference;

namespace TalkingGaussian.Cli.Commands;

/// <summary>
/// <c>tg bench render-model RUN</c>: frames per second of a trained model alone (audio window to fused image, no decoding
/// or encoding) at one or more sizes, with each stage's share (<see cref="RenderModelBenchmark"/>).
/// </summary>
internal static class BenchRenderModelCommand
{
    public static Command Create()
    {
        var run = ModelArguments.Run();
        var sizes = new Option<int[]>("--sizes")
        {
            Description = "Square output sides in pixels (16–4096), one case each; the camera's focal length scales with the side.",
            DefaultValueFactory = _ => [256, 512],
            AllowMultipleArgumentsPerToken = true,
        };
        var frames = new Option<int>("--frames") { Description = "Timed frames per size (1–10000), after 2 warm-up frames.", DefaultValueFactory = _ => 25 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per size instead of a table." };
        var data = ModelArguments.Data();
        var backend = CommonOptions.Backend();
        var command = new Command("render-model",
            "Time a trained model rendering frames of its val split with their own audio: frames per second from audio features to fused image (no video coding), and the time of each stage.");
        command.Arguments.Add(run);
        foreach (var o in new Option[] { sizes, frames, json, data, backend }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var s = parse.GetValue(sizes) ?? [];
            int n = parse.GetValue(frames);
            if (s.Length == 0 || s.Any(v => v is < 16 or > 4096)) throw new UserInputException("--sizes needs one or more sides in 16–4096.");
            if (n is < 1 or > 10_000) throw new UserInputException($"--frames must lie in 1–10000, got {n}.");
            var model = ModelArguments.Load(parse.GetValue(run)!);
            var files = ModelArguments.Dataset(model, parse.GetValue(data));
            DrivingAudio audio;
            try
            {
                audio = DrivingAudio.FromSplit(files, DatasetSplit.Val, model.Info.AudioExtractor);
            }
            catch (InvalidDataException e)
            {
                throw new UserInputException(e.Message);
            }
            var poses = ModelArguments.PoseTrack("val", files, model);
            var device = DeviceFactory.Get(parse.GetValue(backend));
            bool asJson = parse.GetValue(json);
            var ic = CultureInfo.InvariantCulture;
            foreach (int side in s)
            {
                var (w, h) = RenderCommand.OutputSize(side, model.Info.Width, model.Info.Height);
                var r = RenderModelBenchmark.Run(model, audio, poses, device, w, h, n);
                if (asJson)
                {
                    Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                    {
                        ["width"] = r.Width,
                        ["height"] = r.Height,
                        ["frames"] = r.Frames,
                        ["face_gaussians"] = r.FaceGaussians,
                        ["mouth_gaussians"] = r.MouthGaussians,
                        ["fps"] = Math.Round(r.FramesPerSecond, 3),
                        ["ms_per_frame"] = Math.Round(r.MsPerFrame, 3),
                        ["cpu_ms_per_frame"] = Math.Round(r.CpuMsPerFrame, 3),
                        ["stages_ms_per_frame"] = r.Stages.ToDictionary(x => x.Stage.Replace(' ', '_'), x => Math.Round(x.MsPerFrame, 3)),
                        ["device"] = r.Device,
                    }));
                    continue;
                }
                Console.WriteLine(string.Create(ic, $"{r.Width}×{r.Height}: {r.FramesPerSecond:F2} frames/s ({r.MsPerFrame:F1} ms per frame, {r.CpuMsPerFrame:F1} ms CPU) over {r.Frames} frames; {r.FaceGaussians} face + {r.MouthGaussians} mouth Gaussians"));
                double total = r.Stages.Sum(x => x.MsPerFrame);
                foreach (var (stage, ms) in r.Stages)
                    Console.WriteLine(string.Create(ic, $"  {stage,-13} {ms,8:F2} ms  {100 * ms / total,5:F1} %"));
            }
            if (!asJson) Console.WriteLine($"device: {device.Description}; audio features of the val split to the fused image over a fixed plate, no video decoding or encoding.");
            return 0;
        });
        return command;
    }
}
