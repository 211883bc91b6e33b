using System.Diagnostics;
using TalkingGaussian.Compute;
using TalkingGaussian.Data;
using TalkingGaussian.Data.Synthetic;
using TalkingGaussian.Gaussians;
using TalkingGaussian.Motion;
using TalkingGaussian.Rendering;
using TalkingGaussian.Training.Losses;
using TalkingGaussian.Training.Settings;
using TalkingGaussian.Training.Stages;

namespace TalkingGaussian.Training;

/// <summary>Medians over the timed iterations of one implementation: per part and for the whole iteration, wall-clock and process CPU ms.</summary>
public sealed record StepTimes(IReadOnlyDictionary<StepPhase, double> Milliseconds, double TotalMilliseconds,
    IReadOnlyDictionary<StepPhase, double> CpuMilliseconds, double CpuTotalMilliseconds);

/// <summary>One case of <c>tg bench train</c>: median milliseconds per part of a face-stage motion-learning iteration, for the
/// fast implementations and for the scalar references, measured in the same run, with the machine's load average.</summary>
public sealed record TrainStepBenchResult(int Size, int Gaussians, string Device, int Reps, int ReferenceReps, StepTimes Fast, StepTimes Reference,
    double LoadAverage)
{
    /// <summary>Iteration time of the fast path over that of the references (below 1: faster).</summary>
    public double Ratio => Fast.TotalMilliseconds / Reference.TotalMilliseconds;

    /// <summary>The same ratio in process CPU time: the work each path costs, whatever the machine's other jobs do to wall time.</summary>
    public double CpuRatio => Fast.CpuTotalMilliseconds / Reference.CpuTotalMilliseconds;
}

/// <summary>
/// Times one training iteration of the face stage in motion learning (the most expensive kind: motion field, render,
/// attention render, D-SSIM, regularisers, both backward passes, Adam and AdamW) on the synthetic speaker at a given size
/// and Gaussian count, split into <see cref="StepPhase"/>s; then the same iteration with the scalar reference rasterizer,
/// reference motion field and reference loss. The face field starts as the synthetic head's own face and hair Gaussians
/// (its level of detail chosen for the count asked), so sizes and overlaps are those of a trained head rather than of
/// the random initial cube. Densification is off so the count stays fixed. The frames are decoded before the timing, as they
/// are cached in training after the first pass over them (during that pass the stages decode the next frame in the
/// background), so "data" is the draw and the cache lookup.
/// </summary>
public static class TrainStepBenchmark
{
    /// <summary>Runs one case; <paramref name="log"/> receives progress lines (data generation takes a while at 512²).</summary>
    public static TrainStepBenchResult Run(ComputeDevice device, int size, int gaussians, int reps = 5, int referenceReps = 1, Action<string>? log = null)
    {
        if (reps < 1 || referenceReps < 1) throw new ArgumentOutOfRangeException(nameof(reps), "Repetitions must be ≥ 1.");
        string folder = Path.Combine(Path.GetTempPath(), "tg-bench-train", $"{size}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            log?.Invoke($"writing a {size}×{size} synthetic speaker (12 frames) to {folder}");
            SyntheticSpeaker.Generate(folder, new SyntheticSpeakerOptions
            {
                Size = size, BuiltInVoice = true, BuiltInSeconds = 0.5, MaxFrames = 12, Threads = 1,
                RasterizerFactory = () => new IlgpuRasterizer(device),
            });
            var settings = TrainingPresets.Quick with
            {
                Stages = [TrainingStage.Face],
                Face = TrainingPresets.Quick.Face with // the quick preset's face stage, in motion learning from the start
                {
                    Iterations = 100_000, InitialGaussians = gaussians, WarmUpFraction = 0,
                    Densification = TrainingPresets.Quick.Face.Densification with { UntilFraction = 0 },
                },
            };
            using var dataset = TalkingDataset.Open(folder);
            foreach (var frame in dataset.Train.Frames) dataset.Images(frame); // decoded and cached, as in training after the first pass
            log?.Invoke($"timing {reps} iterations with {gaussians} Gaussians on {device.Description}");
            var head = HeadField(gaussians);
            var fast = Time(new TrainingContext(settings, dataset, device), head, reps);
            log?.Invoke($"timing {referenceReps} iterations of the scalar references");
            var reference = new TrainingContext(settings, dataset, device, rasterizers: () => new ReferenceRasterizer(),
                motionBackend: MotionBackendKind.Reference, photometric: new ReferencePhotometricLoss());
            var slow = Time(reference, head, referenceReps);
            return new TrainStepBenchResult(size, head.Count, device.Description, reps, referenceReps, fast, slow, LoadAverage());
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary>The synthetic head's face and hair Gaussians as a Persistent Gaussian Field of about <paramref name="gaussians"/>.</summary>
    private static PersistentGaussianField HeadField(int gaussians)
    {
        int atDetailOne = FaceAndHair(SyntheticHeadBuilder.Build(1)).Count;
        var head = SyntheticHeadBuilder.Build(1, Math.Max(0.05f, gaussians / (float)atDetailOne));
        var rows = FaceAndHair(head);
        var field = new PersistentGaussianField(rows.Count);
        int k = field.ShCoefficients;
        for (int r = 0; r < rows.Count; r++)
        {
            int i = rows[r];
            var (m, s, q, c) = (head.Means[i], head.Scales[i], head.Rotations[i], head.Colors[i]);
            (field.Means[3 * r], field.Means[3 * r + 1], field.Means[3 * r + 2]) = (m.X, m.Y, m.Z);
            field.ScalesRaw[3 * r] = Activations.SoftplusInverse(s.X);
            field.ScalesRaw[3 * r + 1] = Activations.SoftplusInverse(s.Y);
            field.ScalesRaw[3 * r + 2] = Activations.SoftplusInverse(s.Z);
            (field.RotationsRaw[4 * r], field.RotationsRaw[4 * r + 1], field.RotationsRaw[4 * r + 2], field.RotationsRaw[4 * r + 3]) = (q.W, q.X, q.Y, q.Z);
            field.OpacitiesRaw[r] = Activations.Logit(head.Opacities[i]);
            field.Sh[3 * k * r] = (float)((c.X - 0.5) / GaussianInitializer.ShC0);
            field.Sh[3 * k * r + 1] = (float)((c.Y - 0.5) / GaussianInitializer.ShC0);
            field.Sh[3 * k * r + 2] = (float)((c.Z - 0.5) / GaussianInitializer.ShC0);
        }
        return field;
    }

    private static List<int> FaceAndHair(SyntheticHead head)
    {
        var rows = new List<int>();
        for (int i = 0; i < head.Count; i++)
            if (head.Classes[i] is SyntheticClass.Face or SyntheticClass.Hair) rows.Add(i);
        return rows;
    }

    private static StepTimes Time(TrainingContext context, PersistentGaussianField head, int reps)
    {
        using (context)
        {
            var state = new TrainingState();
            var field = new PersistentGaussianField(head.Count);
            head.Means.CopyTo(field.Means, 0);
            head.ScalesRaw.CopyTo(field.ScalesRaw, 0);
            head.RotationsRaw.CopyTo(field.RotationsRaw, 0);
            head.OpacitiesRaw.CopyTo(field.OpacitiesRaw, 0);
            head.Sh.CopyTo(field.Sh, 0);
            state.FaceGaussians = BranchOptimizers.FaceGaussians(context, field);
            var parameters = new float[state.FaceField.ParameterCount];
            state.FaceField.Initialize(parameters, 1);
            state.FaceMotion = BranchOptimizers.FaceMotion(context, state, parameters);
            using var stage = new FaceStage(context, state);
            stage.Step(1); // warm-up: JIT, kernel compilation, buffer allocation, the frame cache
            var phases = StepTimer.Phases;
            var wall = new double[phases.Length + 1, reps];
            var cpu = new double[phases.Length + 1, reps];
            for (int r = 0; r < reps; r++)
            {
                var timer = stage.Step(2 + r).Timer;
                for (int p = 0; p < phases.Length; p++)
                {
                    wall[p, r] = 1000 * timer[phases[p]];
                    cpu[p, r] = 1000 * timer.Cpu(phases[p]);
                }
                wall[phases.Length, r] = 1000 * timer.Total;
                cpu[phases.Length, r] = 1000 * timer.CpuTotal;
            }
            return new StepTimes(
                phases.Select((p, i) => (p, i)).ToDictionary(t => t.p, t => Median(wall, t.i)), Median(wall, phases.Length),
                phases.Select((p, i) => (p, i)).ToDictionary(t => t.p, t => Median(cpu, t.i)), Median(cpu, phases.Length));
        }
    }

    private static double Median(double[,] samples, int row)
    {
        var s = new double[samples.GetLength(1)];
        for (int r = 0; r < s.Length; r++) s[r] = samples[row, r];
        Array.Sort(s);
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }

    /// <summary>The 1-minute load average (runnable threads, Linux /proc/loadavg), or NaN where the system does not say.</summary>
    private static double LoadAverage()
    {
        try
        {
            string first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return double.NaN; }
    }
}
