using System.Diagnostics;
using TalkingGaussian.Compute;

namespace TalkingGaussian.Motion;

/// <summary>
/// One motion-field benchmark case: medians of the backend under test (<see cref="Backend"/>), the scalar reference timed in the
/// same process.
/// </summary>
public sealed record MotionBenchResult(
    string Field, int Gaussians, double ForwardMs, double BackwardMs, double ReferenceForwardMs, double ReferenceBackwardMs,
    double ForwardFlops, double BackwardFlops, string Device, int Threads, MotionBackendKind Backend)
{
    /// <summary>Median process CPU time of the backend's forward and backward calls, and of the reference's (see <see cref="CallTime"/>).</summary>
    public (double Forward, double Backward, double ReferenceForward, double ReferenceBackward) CpuMs { get; init; }

    /// <summary>Dense model GFLOP per CPU-second of the backend (forward + backward): its efficiency per core, whatever the load.</summary>
    public double GflopsPerCpuSecond => (ForwardFlops + BackwardFlops) / ((CpuMs.Forward + CpuMs.Backward) * 1e6);

    /// <summary>Dense model GFLOP/s of the kernel forward pass.</summary>
    public double ForwardGflops => ForwardFlops / (ForwardMs * 1e6);

    /// <summary>Dense model GFLOP/s of the kernel backward pass.</summary>
    public double BackwardGflops => BackwardFlops / (BackwardMs * 1e6);

    /// <summary>Dense model GFLOP/s of forward + backward.</summary>
    public double Gflops => (ForwardFlops + BackwardFlops) / ((ForwardMs + BackwardMs) * 1e6);

    /// <summary>(backend forward + backward time) / (reference forward + backward time); below 1 the backend is faster.</summary>
    public double KernelOverReference => (ForwardMs + BackwardMs) / (ReferenceForwardMs + ReferenceBackwardMs);
}

/// <summary>
/// FLOPs of the per-Gaussian part of a motion field, counted as dense model work (multiply-add = 2; ReLU-inactive rows that
/// the kernels skip are still counted). Per plane and level the encoder costs 14 flops of position and weight arithmetic plus
/// 8 per feature (4 corners × multiply-add) forward, and 14 + 40 per feature backward (per corner: w·g, and 8 for the two
/// position partials).
/// </summary>
public static class MotionFlops
{
    /// <summary>Encoder forward flops per Gaussian.</summary>
    public static double EncoderForward(TriPlaneSettings s) => 3.0 * s.Levels * (14 + 8 * s.FeaturesPerLevel);

    /// <summary>Encoder backward flops per Gaussian.</summary>
    public static double EncoderBackward(TriPlaneSettings s) => 3.0 * s.Levels * (14 + 40 * s.FeaturesPerLevel);

    /// <summary>Face: 2·weights of V_a, V_e and sigma MLPs, the encoder, and 4(A + Ed) for the region products and norms.</summary>
    public static double FaceForward(FaceMotionField f) =>
        2.0 * (f.AudioAttention.ParameterCount + f.EyeAttention.ParameterCount + f.Sigma.ParameterCount)
        + EncoderForward(f.Settings.Grid) + 4.0 * (f.Settings.Audio.AudioDimension + f.Settings.ExpressionDimension);

    /// <summary>Face backward: 4·weights (input and weight gradients), encoder backward, 8(A + Ed) elementwise.</summary>
    public static double FaceBackward(FaceMotionField f) =>
        4.0 * (f.AudioAttention.ParameterCount + f.EyeAttention.ParameterCount + f.Sigma.ParameterCount)
        + EncoderBackward(f.Settings.Grid) + 8.0 * (f.Settings.Audio.AudioDimension + f.Settings.ExpressionDimension);

    /// <summary>Mouth forward: 2·weights of the decoder + encoder + 3 scalings.</summary>
    public static double MouthForward(MouthMotionField f) => 2.0 * f.Sigma.ParameterCount + EncoderForward(f.Settings.Grid) + 3;

    /// <summary>Mouth backward: 4·weights + encoder backward + A (audio gradient sum) + 3.</summary>
    public static double MouthBackward(MouthMotionField f) =>
        4.0 * f.Sigma.ParameterCount + EncoderBackward(f.Settings.Grid) + f.Settings.Audio.AudioDimension + 3;
}

/// <summary>
/// The benchmark behind <c>tg bench motion</c>: released-size face and mouth fields (PyTorch-default initialisation, seeded),
/// N means uniform in the ±0.15 box, one audio window; the backend <see cref="MotionBackends"/> gives for the device and kind
/// warmed up then timed (median of <c>reps</c>), the scalar reference timed <c>referenceReps</c> times in the same run.
/// </summary>
public static class MotionBenchmark
{
    /// <summary>Times the face field at <paramref name="gaussians"/> Gaussians.</summary>
    public static MotionBenchResult RunFace(ComputeDevice device, int gaussians, int reps = 3, int referenceReps = 1, int seed = 1,
        MotionBackendKind backend = MotionBackendKind.Auto, ParallelWorkers? workers = null)
    {
        Check(gaussians, reps, referenceReps);
        var field = new FaceMotionField();
        var rng = new Random(seed);
        var p = new float[field.ParameterCount];
        field.Initialize(p, seed);
        var frame = field.CreateFrame();
        field.EncodeFrame(p, new MotionCondition(Uniform(rng, field.Settings.Audio.WindowLength, 1f), Uniform(rng, 6, 1f)), frame);
        var means = Uniform(rng, 3 * gaussians, 0.15f);
        var output = new MotionDeltas(MotionDeltas.FaceStride);
        var upstream = new MotionDeltas(MotionDeltas.FaceStride);
        upstream.Resize(gaussians);
        Uniform(rng, upstream.Values.Length, 1f).CopyTo(upstream.Values, 0);
        Uniform(rng, upstream.Attention.Length, 1f).CopyTo(upstream.Attention, 0);
        var gradient = new float[p.Length];
        var meanGradient = new float[3 * gaussians];
        var kind = MotionBackends.Resolve(device, backend);
        using var kernels = MotionBackends.Face(device, field, kind, workers);
        var (fwd, bwd, rf, rb) = Time(reps, referenceReps,
            () => kernels.Forward(p, frame, means, output),
            () => kernels.Backward(p, frame, upstream, gradient, meanGradient),
            () => field.ForwardReference(p, frame, means, output),
            () => field.BackwardReference(p, frame, means, upstream, gradient, meanGradient));
        return new MotionBenchResult("face", gaussians, fwd.WallMs, bwd.WallMs, rf.WallMs, rb.WallMs,
            MotionFlops.FaceForward(field) * gaussians, MotionFlops.FaceBackward(field) * gaussians, device.Description, Threads(kernels, device), kind)
        {
            CpuMs = (fwd.CpuMs, bwd.CpuMs, rf.CpuMs, rb.CpuMs),
        };
    }

    /// <summary>Times the mouth field at <paramref name="gaussians"/> Gaussians.</summary>
    public static MotionBenchResult RunMouth(ComputeDevice device, int gaussians, int reps = 3, int referenceReps = 1, int seed = 1,
        MotionBackendKind backend = MotionBackendKind.Auto, ParallelWorkers? workers = null)
    {
        Check(gaussians, reps, referenceReps);
        var field = new MouthMotionField();
        var rng = new Random(seed);
        var p = new float[field.ParameterCount];
        field.Initialize(p, seed);
        var frame = field.CreateFrame();
        field.EncodeFrame(p, new MotionCondition(Uniform(rng, field.Settings.Audio.WindowLength, 1f), []), frame);
        var means = Uniform(rng, 3 * gaussians, 0.15f);
        var output = new MotionDeltas(MotionDeltas.MouthStride);
        var upstream = new MotionDeltas(MotionDeltas.MouthStride);
        upstream.Resize(gaussians);
        Uniform(rng, upstream.Values.Length, 1f).CopyTo(upstream.Values, 0);
        var gradient = new float[p.Length];
        var meanGradient = new float[3 * gaussians];
        var kind = MotionBackends.Resolve(device, backend);
        using var kernels = MotionBackends.Mouth(device, field, kind, workers);
        var (fwd, bwd, rf, rb) = Time(reps, referenceReps,
            () => kernels.Forward(p, frame, means, output),
            () => kernels.Backward(p, frame, upstream, gradient, meanGradient),
            () => field.ForwardReference(p, frame, means, output),
            () => field.BackwardReference(p, frame, means, upstream, gradient, meanGradient));
        return new MotionBenchResult("mouth", gaussians, fwd.WallMs, bwd.WallMs, rf.WallMs, rb.WallMs,
            MotionFlops.MouthForward(field) * gaussians, MotionFlops.MouthBackward(field) * gaussians, device.Description, Threads(kernels, device), kind)
        {
            CpuMs = (fwd.CpuMs, bwd.CpuMs, rf.CpuMs, rb.CpuMs),
        };
    }

    /// <summary>
    /// Medians of backend and reference timings, interleaved round by round (backend forward, backward, then reference forward,
    /// backward in the first <paramref name="referenceReps"/> rounds) so both see the same machine load; three warm-up rounds of
    /// the backend first (JIT tiers, buffer allocation).
    /// </summary>
    private static (CallTime Forward, CallTime Backward, CallTime ReferenceForward, CallTime ReferenceBackward) Time(int reps, int referenceReps,
        Action forward, Action backward, Action referenceForward, Action referenceBackward)
    {
        for (int i = 0; i < 3; i++)
        {
            forward();
            backward();
        }
        var f = new List<CallTime>();
        var b = new List<CallTime>();
        var rf = new List<CallTime>();
        var rb = new List<CallTime>();
        for (int r = 0; r < Math.Max(reps, referenceReps); r++)
        {
            if (r < reps)
            {
                f.Add(BenchmarkClock.Measure(forward));
                b.Add(BenchmarkClock.Measure(backward));
            }
            if (r < referenceReps)
            {
                rf.Add(BenchmarkClock.Measure(referenceForward));
                rb.Add(BenchmarkClock.Measure(referenceBackward));
            }
        }
        return (BenchmarkClock.Median(f), BenchmarkClock.Median(b), BenchmarkClock.Median(rf), BenchmarkClock.Median(rb));
    }

    private static int Threads(IMotionFieldBackend backend, ComputeDevice device) => backend switch
    {
        Cpu.BlockMotionBackend simd => simd.Threads,
        ReferenceMotionBackend => 1,
        _ => device.ParallelThreads,
    };

    private static float[] Uniform(Random rng, int n, float bound)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = bound * (2f * rng.NextSingle() - 1f);
        return a;
    }

    private static void Check(int gaussians, int reps, int referenceReps)
    {
        if (gaussians < 1) throw new ArgumentOutOfRangeException(nameof(gaussians), "The benchmark needs at least one Gaussian.");
        if (reps < 1 || referenceReps < 1) throw new ArgumentOutOfRangeException(nameof(reps), "Repetitions must be ≥ 1.");
    }
}
