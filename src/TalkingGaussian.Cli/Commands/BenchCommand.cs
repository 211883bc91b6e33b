using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using TalkingGaussian.Compute;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Cli.Commands;

/// <summary><c>tg bench</c>: micro-benchmarks; <c>tg bench render</c> times the rasterizer.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks (median timings on synthetic inputs).");
        command.Subcommands.Add(Render());
        command.Subcommands.Add(BenchMotionCommand.Create());
        command.Subcommands.Add(BenchTrainCommand.Create());
        command.Subcommands.Add(BenchLpipsCommand.Create());
        command.Subcommands.Add(BenchRenderModelCommand.Create());
        return command;
    }

    private static Command Render()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object per case instead of a table." };
        var sizes = new Option<int[]>("--sizes")
        {
            Description = "Gaussian counts, one case each.",
            DefaultValueFactory = _ => [10_000, 100_000],
            AllowMultipleArgumentsPerToken = true,
        };
        var width = new Option<int>("--width") { Description = "Image width (16–4096).", DefaultValueFactory = _ => 512 };
        var height = new Option<int>("--height") { Description = "Image height (16–4096).", DefaultValueFactory = _ => 512 };
        var reps = new Option<int>("--reps") { Description = "Timed repetitions of the kernel rasterizer (median; 1–100).", DefaultValueFactory = _ => 5 };
        var referenceReps = new Option<int>("--reference-reps") { Description = "Timed repetitions of the scalar reference (1–20).", DefaultValueFactory = _ => 1 };
        var backend = CommonOptions.Backend();
        var implementation = new Option<string>("--backend")
        {
            Description = "Which rasterizer to time: auto (simd on a CPU device with AVX2 and FMA, else the ILGPU kernels), simd, kernels.",
            DefaultValueFactory = _ => "auto",
        };
        var threads = CommonOptions.SimdThreads();
        var command = new Command("render",
            "Time the rasterizer forward and backward on seeded random Gaussian clouds, against the scalar reference in the same run.");
        foreach (var o in new Option[] { json, sizes, width, height, reps, referenceReps, backend, implementation, threads }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            int w = parse.GetValue(width), h = parse.GetValue(height), r = parse.GetValue(reps), rr = parse.GetValue(referenceReps);
            var counts = parse.GetValue(sizes) ?? [];
            if (w is < 16 or > 4096 || h is < 16 or > 4096) throw new UserInputException($"--width and --height must lie in 16–4096, got {w}×{h}.");
            if (counts.Length == 0 || counts.Any(c => c is < 1 or > 5_000_000))
                throw new UserInputException("--sizes needs one or more Gaussian counts in 1–5000000.");
            if (r is < 1 or > 100 || rr is < 1 or > 20) throw new UserInputException("--reps must lie in 1–100 and --reference-reps in 1–20.");
            bool asJson = parse.GetValue(json);
            var requested = ParseRasterizer(parse.GetValue(implementation));
            var workers = CommonOptions.Workers(parse.GetValue(threads));
            var device = DeviceFactory.Get(parse.GetValue(backend));
            var kind = Rasterizers.Resolve(device, requested);
            if (!asJson)
                Console.WriteLine($"{"gaussians",10} {"size",9} {"pairs",9} {"fwd ms",8} {"bwd ms",8} {"ref fwd",9} {"ref bwd",9} {"Mevals/s/core",14} {"fwd ratio",9} {"bwd ratio",9} {"step ratio",10}");
            foreach (int n in counts)
            {
                var res = RasterBenchmark.Run(device, n, w, h, r, rr, backend: kind, workers: workers);
                if (asJson) Console.WriteLine(ToJson(res));
                else
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{res.Gaussians,10} {res.Width + "x" + res.Height,9} {res.Pairs,9} {res.ForwardMs,8:F1} {res.BackwardMs,8:F1} {res.ReferenceForwardMs,9:F1} {res.ReferenceBackwardMs,9:F1} {res.EvalsPerSecPerCore / 1e6,14:F1} {res.IlgpuOverReference,9:F3} {res.BackwardIlgpuOverReference,9:F3} {res.StepOverReference,10:F3}"));
            }
            if (!asJson)
                Console.WriteLine($"rasterizer: {Name(kind)} on {device.Description}" +
                                  (kind == RasterizerKind.Simd && workers is not null ? $", {workers.Count} worker thread(s)" : "") + "; ratios are its time / the reference's (single-thread C#), same run; " +
                                  "step = forward + backward.");
            return 0;
        });
        return command;
    }

    private static string ToJson(RasterBenchResult r) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["gaussians"] = r.Gaussians,
        ["width"] = r.Width,
        ["height"] = r.Height,
        ["pairs"] = r.Pairs,
        ["evaluations"] = r.Evaluations,
        ["reference_evaluations"] = r.ReferenceEvaluations,
        ["forward_ms"] = Math.Round(r.ForwardMs, 3),
        ["backward_ms"] = Math.Round(r.BackwardMs, 3),
        ["reference_forward_ms"] = Math.Round(r.ReferenceForwardMs, 3),
        ["reference_backward_ms"] = Math.Round(r.ReferenceBackwardMs, 3),
        ["forward_cpu_ms"] = Math.Round(r.CpuMs.Forward, 3),
        ["backward_cpu_ms"] = Math.Round(r.CpuMs.Backward, 3),
        ["reference_forward_cpu_ms"] = Math.Round(r.CpuMs.ReferenceForward, 3),
        ["reference_backward_cpu_ms"] = Math.Round(r.CpuMs.ReferenceBackward, 3),

        ["evals_per_s_per_core"] = Math.Round(r.EvalsPerSecPerCore),
        ["ilgpu_over_reference"] = Math.Round(r.IlgpuOverReference, 4),
        ["backward_ilgpu_over_reference"] = Math.Round(r.BackwardIlgpuOverReference, 4),
        ["step_over_reference"] = Math.Round(r.StepOverReference, 4),
        ["forward_stages_ms"] = new Dictionary<string, double>
        {
            ["upload"] = Math.Round(r.Stages.Upload, 3),
            ["preprocess"] = Math.Round(r.Stages.Preprocess, 3),
            ["binning"] = Math.Round(r.Stages.Binning, 3),
            ["gather"] = Math.Round(r.Stages.Gather, 3),
            ["blend"] = Math.Round(r.Stages.Blend, 3),
            ["download"] = Math.Round(r.Stages.Download, 3),
        },
        ["cores"] = r.Cores,
        ["device"] = r.Device,
        ["backend"] = Name(r.Backend),
    });

    private static RasterizerKind ParseRasterizer(string? name) => name switch
    {
        "auto" => RasterizerKind.Auto,
        "simd" => RasterizerKind.Simd,
        "kernels" => RasterizerKind.Kernels,
        _ => throw new UserInputException($"--backend takes auto, simd or kernels; got '{name}'."),
    };

    private static string Name(RasterizerKind kind) => kind.ToString().ToLowerInvariant();
}
