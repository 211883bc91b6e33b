using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using TalkingGaussian.Compute;
using TalkingGaussian.Motion;

namespace TalkingGaussian.Cli.Commands;

/// <summary><c>tg bench motion</c>: times the face and mouth motion fields' per-Gaussian passes against their scalar references.</summary>
internal static class BenchMotionCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object per case instead of a table." };
        var sizes = new Option<int[]>("--sizes")
        {
            Description = "Gaussian counts, one case each per field.",
            DefaultValueFactory = _ => [10_000, 50_000],
            AllowMultipleArgumentsPerToken = true,
        };
        var fields = new Option<string[]>("--fields")
        {
            Description = "Fields to time: face, mouth.",
            DefaultValueFactory = _ => ["face", "mouth"],
            AllowMultipleArgumentsPerToken = true,
        };
        var reps = new Option<int>("--reps") { Description = "Timed repetitions of the backend (median; 1–100).", DefaultValueFactory = _ => 3 };
        var referenceReps = new Option<int>("--reference-reps") { Description = "Timed repetitions of the scalar reference (1–20).", DefaultValueFactory = _ => 1 };
        var backend = CommonOptions.Backend();
        var implementation = new Option<string>("--backend")
        {
            Description = "What runs the per-Gaussian passes: auto (simd on a CPU device with AVX2 and FMA, else the ILGPU kernels), simd, kernels.",
            DefaultValueFactory = _ => "auto",
        };
        var threads = CommonOptions.SimdThreads();
        var command = new Command("motion",
            "Time the motion fields' per-Gaussian forward and backward (tri-plane encoder + MLP decoders) on released-size fields, " +
            "against the scalar reference in the same run.");
        foreach (var o in new Option[] { json, sizes, fields, reps, referenceReps, backend, implementation, threads }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var counts = parse.GetValue(sizes) ?? [];
            var names = parse.GetValue(fields) ?? [];
            int r = parse.GetValue(reps), rr = parse.GetValue(referenceReps);
            if (counts.Length == 0 || Array.Exists(counts, c => c is < 1 or > 10_000_000))
                throw new UserInputException("--sizes needs one or more Gaussian counts in 1–10000000.");
            if (names.Length == 0 || Array.Exists(names, n => n is not ("face" or "mouth")))
                throw new UserInputException("--fields takes face and/or mouth.");
            if (r is < 1 or > 100 || rr is < 1 or > 20) throw new UserInputException("--reps must lie in 1–100 and --reference-reps in 1–20.");
            bool asJson = parse.GetValue(json);
            ParseBackend(parse.GetValue(implementation)); // a bad name is reported before a device is made
            var workers = CommonOptions.Workers(parse.GetValue(threads));
            var device = DeviceFactory.Get(parse.GetValue(backend));
            var kind = MotionBackends.Resolve(device, ParseBackend(parse.GetValue(implementation)));
            if (!asJson)
                Console.WriteLine($"{"field",6} {"gaussians",10} {"fwd ms",9} {"bwd ms",9} {"ref fwd",9} {"ref bwd",9} {"fwd GF/s",9} {"bwd GF/s",9} {"GF/s",7} {"fast/ref",10}");
            foreach (string name in names)
                foreach (int n in counts)
                {
                    var res = name == "face" ? MotionBenchmark.RunFace(device, n, r, rr, backend: kind, workers: workers)
                        : MotionBenchmark.RunMouth(device, n, r, rr, backend: kind, workers: workers);
                    if (asJson) Console.WriteLine(ToJson(res));
                    else
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{res.Field,6} {res.Gaussians,10} {res.ForwardMs,9:F1} {res.BackwardMs,9:F1} {res.ReferenceForwardMs,9:F1} {res.ReferenceBackwardMs,9:F1} {res.ForwardGflops,9:F2} {res.BackwardGflops,9:F2} {res.Gflops,7:F2} {res.KernelOverReference,10:F3}"));
                }
            if (!asJson)
                Console.WriteLine($"backend: {BackendName(kind)} on {device.Description}{ThreadsNote(kind, workers)}; GF/s counts dense model FLOPs; " +
                                  "fast/ref = (fwd+bwd backend) / (fwd+bwd single-thread reference), same run.");
            return 0;
        });
        return command;
    }

    private static MotionBackendKind ParseBackend(string? name) => name switch
    {
        "auto" => MotionBackendKind.Auto,
        "simd" => MotionBackendKind.Simd,
        "kernels" => MotionBackendKind.Kernels,
        _ => throw new UserInputException($"--backend takes auto, simd or kernels; got '{name}'."),
    };

    private static string ThreadsNote(MotionBackendKind kind, Compute.ParallelWorkers? workers) =>
        kind == MotionBackendKind.Simd && workers is not null ? $", {workers.Count} worker thread(s)" : "";

    private static string BackendName(MotionBackendKind kind) => kind.ToString().ToLowerInvariant();

    private static string ToJson(MotionBenchResult r) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["field"] = r.Field,
        ["gaussians"] = r.Gaussians,
        ["forward_ms"] = Math.Round(r.ForwardMs, 3),
        ["backward_ms"] = Math.Round(r.BackwardMs, 3),
        ["reference_forward_ms"] = Math.Round(r.ReferenceForwardMs, 3),
        ["reference_backward_ms"] = Math.Round(r.ReferenceBackwardMs, 3),
        ["forward_cpu_ms"] = Math.Round(r.CpuMs.Forward, 3),
        ["backward_cpu_ms"] = Math.Round(r.CpuMs.Backward, 3),
        ["reference_forward_cpu_ms"] = Math.Round(r.CpuMs.ReferenceForward, 3),
        ["reference_backward_cpu_ms"] = Math.Round(r.CpuMs.ReferenceBackward, 3),
        ["gflops_per_cpu_second"] = Math.Round(r.GflopsPerCpuSecond, 4),

        ["forward_gflops"] = Math.Round(r.ForwardGflops, 4),
        ["backward_gflops"] = Math.Round(r.BackwardGflops, 4),
        ["gflops"] = Math.Round(r.Gflops, 4),
        ["kernel_over_reference"] = Math.Round(r.KernelOverReference, 4),
        ["forward_kernel_over_reference"] = Math.Round(r.ForwardMs / r.ReferenceForwardMs, 4),
        ["backward_kernel_over_reference"] = Math.Round(r.BackwardMs / r.ReferenceBackwardMs, 4),
        ["threads"] = r.Threads,
        ["backend"] = BackendName(r.Backend),
        ["device"] = r.Device,
    });
}
