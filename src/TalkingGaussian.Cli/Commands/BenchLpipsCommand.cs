using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using TalkingGaussian.Evaluation.Lpips;

namespace TalkingGaussian.Cli.Commands;

/// <summary><c>tg bench lpips</c>: LPIPS (AlexNet) forward and forward + backward times per image size, against the scalar reference at small sizes.</summary>
internal static class BenchLpipsCommand
{
    public static Command Create()
    {
        var sizes = new Option<int[]>("--sizes")
        {
            Description = "Square image sides in pixels (31–2048), one case each.",
            DefaultValueFactory = _ => [64, 96, 256, 512],
            AllowMultipleArgumentsPerToken = true,
        };
        var reps = new Option<int>("--reps") { Description = "Timed repetitions per case (median; 1–100).", DefaultValueFactory = _ => 5 };
        var referenceUpTo = new Option<int>("--reference-up-to") { Description = "Also time the scalar reference for sides up to this (it takes seconds at 128).", DefaultValueFactory = _ => 64 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per case instead of a table." };
        var command = new Command("lpips", "Time LPIPS (AlexNet v0.1, CPU) on random AlexNet-sized weights: forward, forward + backward, and the scalar reference at small sizes.");
        foreach (var o in new Option[] { sizes, reps, referenceUpTo, json }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var s = parse.GetValue(sizes) ?? [];
            int r = parse.GetValue(reps);
            if (s.Length == 0 || s.Any(v => v is < LpipsAlex.MinimumSize or > 2048)) throw new UserInputException($"--sizes needs one or more sides in {LpipsAlex.MinimumSize}–2048.");
            if (r is < 1 or > 100) throw new UserInputException($"--reps must lie in 1–100, got {r}.");
            bool asJson = parse.GetValue(json);
            var ic = CultureInfo.InvariantCulture;
            if (!asJson) Console.WriteLine($"{"size",9} {"fwd ms",9} {"fwd+bwd ms",11} {"ref ms",9} {"GF/s fwd",9} {"fast/ref",9}");
            foreach (var res in LpipsBenchmark.Run(s, r, parse.GetValue(referenceUpTo)))
            {
                double? ratio = res.ReferenceForwardBackwardMs is { } rm ? res.ForwardBackwardMs / rm : null;
                if (asJson)
                    Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                    {
                        ["size"] = res.Size,
                        ["forward_ms"] = Math.Round(res.ForwardMs, 3),
                        ["forward_backward_ms"] = Math.Round(res.ForwardBackwardMs, 3),
                        ["reference_forward_backward_ms"] = res.ReferenceForwardBackwardMs is { } x ? Math.Round(x, 3) : null,
                        ["gflops_forward"] = Math.Round(res.GigaFlops, 2),
                        ["fast_over_reference"] = ratio is { } q ? Math.Round(q, 5) : null,
                    }));
                else
                    Console.WriteLine(string.Create(ic, $"{res.Size + "x" + res.Size,9} {res.ForwardMs,9:F1} {res.ForwardBackwardMs,11:F1} {(res.ReferenceForwardBackwardMs is { } y ? y.ToString("F1", ic) : "-"),9} {res.GigaFlops,9:F2} {(ratio is { } z ? z.ToString("F4", ic) : "-"),9}"));
            }
            if (!asJson) Console.WriteLine($"CPU, {Environment.ProcessorCount} cores; two images per call; fast/ref = forward+backward time over the single-thread double reference, same run.");
            return 0;
        });
        return command;
    }
}
