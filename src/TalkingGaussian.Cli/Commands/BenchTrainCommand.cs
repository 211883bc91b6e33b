using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using TalkingGaussian.Training;

namespace TalkingGaussian.Cli.Commands;

/// <summary><c>tg bench train</c>: one training iteration split into its parts, fast paths against the scalar references.</summary>
internal static class BenchTrainCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object per case instead of a table." };
        var cases = new Option<string[]>("--cases")
        {
            Description = "SIZE:GAUSSIANS pairs, one case each (synthetic scale 256:10000, paper scale 512:50000).",
            DefaultValueFactory = _ => ["256:10000", "512:50000"],
            AllowMultipleArgumentsPerToken = true,
        };
        var reps = new Option<int>("--reps") { Description = "Timed iterations of the fast path (median; 1–200).", DefaultValueFactory = _ => 9 };
        var referenceReps = new Option<int>("--reference-reps") { Description = "Timed iterations of the scalar references (1–20).", DefaultValueFactory = _ => 1 };
        var backend = CommonOptions.Backend();
        var command = new Command("train",
            "Time one face-stage iteration (data, motion forward, rasterizer forward, loss, rasterizer backward, motion backward, optimizer, densification) against the same iteration through the scalar references, in one run.");
        foreach (var o in new Option[] { json, cases, reps, referenceReps, backend }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            int r = parse.GetValue(reps), rr = parse.GetValue(referenceReps);
            if (r is < 1 or > 200 || rr is < 1 or > 20) throw new UserInputException("--reps must lie in 1–200 and --reference-reps in 1–20.");
            var parsed = (parse.GetValue(cases) ?? []).Select(Parse).ToArray();
            if (parsed.Length == 0) throw new UserInputException("--cases needs at least one SIZE:GAUSSIANS pair.");
            bool asJson = parse.GetValue(json);
            var device = DeviceFactory.Get(parse.GetValue(backend));
            foreach (var (size, gaussians) in parsed)
            {
                var res = TrainStepBenchmark.Run(device, size, gaussians, r, rr, asJson ? null : Console.WriteLine);
                Console.WriteLine(asJson ? ToJson(res) : Table(res));
            }
            return 0;
        });
        return command;
    }

    private static (int Size, int Gaussians) Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length == 2 && int.TryParse(parts[0], out int s) && int.TryParse(parts[1], out int g) && s is >= 32 and <= 2048 && g is >= 1 and <= 2_000_000)
            return (s, g);
        throw new UserInputException($"--cases: '{text}' is not SIZE:GAUSSIANS with SIZE in 32–2048 and GAUSSIANS in 1–2000000 (e.g. 256:10000).");
    }

    private static string Table(TrainStepBenchResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(inv, $"{r.Size}×{r.Size}, {r.Gaussians} face Gaussians, {r.Device}, load average {r.LoadAverage:F1}: median ms per iteration part"),
            string.Create(inv, $"  {"part",-16} {"fast",10} {"reference",10} {"fast CPU",10} {"ref. CPU",10}"),
        };
        foreach (var p in StepTimer.Phases)
            lines.Add(string.Create(inv,
                $"  {Name(p),-16} {r.Fast.Milliseconds[p],10:F1} {r.Reference.Milliseconds[p],10:F1} {r.Fast.CpuMilliseconds[p],10:F1} {r.Reference.CpuMilliseconds[p],10:F1}"));
        lines.Add(string.Create(inv,
            $"  {"iteration",-16} {r.Fast.TotalMilliseconds,10:F1} {r.Reference.TotalMilliseconds,10:F1} {r.Fast.CpuTotalMilliseconds,10:F1} {r.Reference.CpuTotalMilliseconds,10:F1}"));
        lines.Add(string.Create(inv, $"  fast / reference = {r.Ratio:F3} (wall), {r.CpuRatio:F3} (CPU time)"));
        return string.Join(Environment.NewLine, lines);
    }

    private static string ToJson(TrainStepBenchResult r) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["size"] = r.Size,
        ["gaussians"] = r.Gaussians,
        ["device"] = r.Device,
        ["load_average"] = double.IsNaN(r.LoadAverage) ? -1 : Math.Round(r.LoadAverage, 2),
        ["reps"] = r.Reps,
        ["reference_reps"] = r.ReferenceReps,
        ["iteration_ms"] = Math.Round(r.Fast.TotalMilliseconds, 3),
        ["reference_iteration_ms"] = Math.Round(r.Reference.TotalMilliseconds, 3),
        ["fast_over_reference"] = Math.Round(r.Ratio, 4),
        ["iteration_cpu_ms"] = Math.Round(r.Fast.CpuTotalMilliseconds, 3),
        ["reference_iteration_cpu_ms"] = Math.Round(r.Reference.CpuTotalMilliseconds, 3),
        ["fast_over_reference_cpu"] = Math.Round(r.CpuRatio, 4),
        ["parts_ms"] = Parts(r.Fast.Milliseconds),
        ["reference_parts_ms"] = Parts(r.Reference.Milliseconds),
        ["parts_cpu_ms"] = Parts(r.Fast.CpuMilliseconds),
        ["reference_parts_cpu_ms"] = Parts(r.Reference.CpuMilliseconds),
    });

    private static Dictionary<string, double> Parts(IReadOnlyDictionary<StepPhase, double> ms) =>
        StepTimer.Phases.ToDictionary(Name, p => Math.Round(ms[p], 3));

    private static string Name(StepPhase p) => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.ToString());
}
