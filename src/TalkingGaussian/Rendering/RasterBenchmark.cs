using System.Diagnostics;
using TalkingGaussian.Compute;

namespace TalkingGaussian.Rendering;

/// <summary>
/// One benchmark case: median timings of the fast rasterizer (<see cref="Backend"/>) and the scalar reference on the same scene,
/// and the stage times of the fast one's last timed forward pass.
/// </summary>
public sealed record RasterBenchResult(
    int Gaussians, int Width, int Height, int Pairs, long Evaluations,
    double ForwardMs, double BackwardMs, double ReferenceForwardMs, double ReferenceBackwardMs,
    int Cores, string Device, ForwardStageTimes Stages, RasterizerKind Backend)
{
    /// <summary>Median process CPU time of the fast rasterizer's forward and backward calls, and of the reference's (see <see cref="CallTime"/>).</summary>
    public (double Forward, double Backward, double ReferenceForward, double ReferenceBackward) CpuMs { get; init; }

    /// <summary>The reference's count of <see cref="Evaluations"/> (equal, or within 1e-5 of it: see <see cref="RasterBenchmark.Run"/>).</summary>
    public long ReferenceEvaluations { get; init; }

    /// <summary>(pixel, Gaussian) alpha evaluations per second of the forward pass, per core used.</summary>
    public double EvalsPerSecPerCore => Evaluations / (ForwardMs / 1000.0) / Cores;

    /// <summary>Forward time of the fast rasterizer over that of the reference (below 1: it is faster).</summary>
    public double IlgpuOverReference => ForwardMs / ReferenceForwardMs;

    /// <summary>The same ratio for the backward pass.</summary>
    public double BackwardIlgpuOverReference => BackwardMs / ReferenceBackwardMs;

    /// <summary>(forward + backward) of the fast rasterizer over (forward + backward) of the reference.</summary>
    public double StepOverReference => (ForwardMs + BackwardMs) / (ReferenceForwardMs + ReferenceBackwardMs);
}

/// <summary>
/// The render benchmark behind <c>tg bench render</c>: a seeded <see cref="SyntheticScenes.RandomCloud"/> seen by
/// <see cref="SyntheticScenes.FrontCamera"/>, forward and backward (colour, alpha and depth upstream gradients), warm-up then
/// medians of the rasterizer <see cref="Rasterizers.Create"/> gives for the device and kind; the reference runs in the same
/// process on the same scene so the ratio is robust on a noisy machine.
/// </summary>
public static class RasterBenchmark
{
    /// <summary>Runs one case.</summary>
    public static RasterBenchResult Run(ComputeDevice device, int gaussians, int width, int height, int reps = 5, int referenceReps = 1, int seed = 1,
        RasterizerKind backend = RasterizerKind.Auto, ParallelWorkers? workers = null)
    {
        var kind = Rasterizers.Resolve(device, backend);
        if (kind == RasterizerKind.Reference) throw new ArgumentException("The reference is what the benchmark times against; pick a fast rasterizer.", nameof(backend));
        if (gaussians < 1) throw new ArgumentOutOfRangeException(nameof(gaussians), "Benchmark needs at least one Gaussian.");
        if (reps < 1 || referenceReps < 1) throw new ArgumentOutOfRangeException(nameof(reps), "Repetitions must be ≥ 1.");
        var scene = SyntheticScenes.RandomCloud(gaussians, seed);
        var camera = SyntheticScenes.FrontCamera(width, height);
        var settings = new RasterSettings();
        var rng = new Random(seed);
        var dColor = new float[3 * width * height];
        var dAlpha = new float[width * height];
        var dDepth = new float[width * height];
        for (int i = 0; i < dColor.Length; i++) dColor[i] = rng.NextSingle() - 0.5f;
        for (int i = 0; i < dAlpha.Length; i++) { dAlpha[i] = rng.NextSingle() - 0.5f; dDepth[i] = 0.01f * (rng.NextSingle() - 0.5f); }

        using var kernel = Rasterizers.Create(device, kind, workers);
        var statistics = (IRasterizerStatistics)kernel;
        for (int i = 0; i < 3; i++) // warm-up: JIT tiers, buffer growth
        {
            kernel.Forward(scene, camera, settings);
            kernel.Backward(dColor, dAlpha, dDepth);
        }
        var (fwd, bwd) = Time(kernel, scene, camera, settings, dColor, dAlpha, dDepth, reps);
        var stages = statistics.StageTimes;
        long evaluations = statistics.LastForwardEvaluations;
        int pairs = statistics.LastPairCount;

        using var reference = new ReferenceRasterizer();
        reference.Forward(scene, camera, settings); // warm-up
        reference.Backward(dColor, dAlpha, dDepth);
        var (rf, rb) = Time(reference, scene, camera, settings, dColor, dAlpha, dDepth, referenceReps);
        // The same work was timed only if both walked the same lists. A pixel's count can differ when e^power, rounded
        // differently (the SIMD path's vector exponential, CUDA's ex2.approx), moves T·(1 − α̃) across the 1e-4 stop:
        // tens of evaluations in 10⁸ at 100k Gaussians, 512². More than 1e-5 of the count means different work.
        long referenceEvaluations = reference.LastForwardEvaluations;
        if (Math.Abs(referenceEvaluations - evaluations) > 1e-5 * referenceEvaluations)
            throw new InvalidOperationException(
                $"The rasterizer and the reference counted different alpha evaluations ({evaluations} vs {referenceEvaluations}).");
        int cores = kernel is Cpu.SimdRasterizer simd ? simd.Threads : device.IsCpu ? device.ParallelThreads : device.Accelerator.NumMultiprocessors;
        return new RasterBenchResult(gaussians, width, height, pairs, evaluations, fwd.WallMs, bwd.WallMs, rf.WallMs, rb.WallMs, cores,
            device.Description, stages, kind)
        {
            ReferenceEvaluations = referenceEvaluations,
            CpuMs = (fwd.CpuMs, bwd.CpuMs, rf.CpuMs, rb.CpuMs),
        };
    }

    private static (CallTime Forward, CallTime Backward) Time(IGaussianRasterizer r, RasterInputs scene, Camera camera, RasterSettings settings,
        float[] dColor, float[] dAlpha, float[] dDepth, int reps)
    {
        var f = new List<CallTime>();
        var b = new List<CallTime>();
        for (int i = 0; i < reps; i++)
        {
            f.Add(BenchmarkClock.Measure(() => r.Forward(scene, camera, settings)));
            b.Add(BenchmarkClock.Measure(() => r.Backward(dColor, dAlpha, dDepth)));
        }
        return (BenchmarkClock.Median(f), BenchmarkClock.Median(b));
    }
}
