using System.Diagnostics;

namespace TalkingGaussian.Evaluation.Lpips;

/// <summary>One size of <see cref="LpipsBenchmark.Run"/>: median milliseconds per call (two images in, one distance out).</summary>
/// <param name="Size">Image side in pixels (square images).</param>
/// <param name="ForwardMs">Distance only.</param>
/// <param name="ForwardBackwardMs">Distance and ∂d/∂image.</param>
/// <param name="ReferenceForwardBackwardMs">The scalar reference, distance and gradient; null where it was not timed.</param>
/// <param name="GigaFlops">Convolution multiply-adds ×2 of both images' forward passes, per second of <paramref name="ForwardMs"/>.</param>
public sealed record LpipsBenchResult(int Size, double ForwardMs, double ForwardBackwardMs, double? ReferenceForwardBackwardMs, double GigaFlops);

/// <summary>
/// Times <see cref="LpipsAlex"/> on AlexNet-sized random weights (timing does not depend on the values, and the real files
/// are not needed) and seeded smooth images, against <see cref="LpipsReference"/> in the same run at small sizes.
/// </summary>
public static class LpipsBenchmark
{
    private static readonly int[] Channels = [64, 192, 384, 256, 256];
    private static readonly int[] Kernels = [11, 5, 3, 3, 3];

    /// <summary>AlexNet-shaped LPIPS weights drawn from a seeded uniform distribution (He-like scale).</summary>
    public static LpipsWeights RandomWeights(int seed = 1)
    {
        var rng = new Random(seed);
        var convs = new List<ConvLayer>();
        var lin = new List<float[]>();
        int previous = 3;
        int[] strides = [4, 1, 1, 1, 1], pads = [2, 2, 1, 1, 1];
        for (int l = 0; l < 5; l++)
        {
            int o = Channels[l], k = Kernels[l], fanIn = previous * k * k;
            float bound = 1.5f / MathF.Sqrt(fanIn);
            var w = new float[o * fanIn];
            for (int i = 0; i < w.Length; i++) w[i] = (2 * rng.NextSingle() - 1) * bound;
            var b = new float[o];
            for (int i = 0; i < o; i++) b[i] = 0.1f * rng.NextSingle();
            convs.Add(new ConvLayer(o, previous, k, strides[l], pads[l], w, b));
            lin.Add(Enumerable.Range(0, o).Select(_ => rng.NextSingle()).ToArray());
            previous = o;
        }
        return new LpipsWeights(convs, lin);
    }

    /// <summary>Median timings per size; the reference is timed once per size up to <paramref name="referenceUpTo"/> pixels.</summary>
    public static IReadOnlyList<LpipsBenchResult> Run(IReadOnlyList<int> sizes, int reps, int referenceUpTo = 64)
    {
        var weights = RandomWeights();
        var metric = new LpipsAlex(weights);
        var reference = new LpipsReference(weights);
        var results = new List<LpipsBenchResult>();
        foreach (int s in sizes)
        {
            var a = SmoothImage(s, 1);
            var b = SmoothImage(s, 2);
            var g = new float[a.Length];
            metric.Distance(a, b, s, s, g, 1f); // warm-up: buffers and JIT
            double fwd = Median(reps, () => metric.Distance(a, b, s, s, Span<float>.Empty, 0f));
            double both = Median(reps, () => metric.Distance(a, b, s, s, g, 1f));
            double? referenceMs = s <= referenceUpTo ? Median(1, () => reference.Distance(a, b, s, s, new double[a.Length])) : null;
            results.Add(new LpipsBenchResult(s, fwd, both, referenceMs, 2 * ForwardMacs(weights, s) * 2 / (fwd * 1e6)));
        }
        return results;
    }

    /// <summary>Multiply-adds of one image's convolutions at side <paramref name="size"/>.</summary>
    public static double ForwardMacs(LpipsWeights weights, int size)
    {
        double macs = 0;
        int side = size;
        for (int l = 0; l < weights.Convolutions.Count; l++)
        {
            var c = weights.Convolutions[l];
            side = (side + 2 * c.Padding - c.Kernel) / c.Stride + 1;
            macs += (double)side * side * c.Out * c.In * c.Kernel * c.Kernel;
            if (l < 2) side = (side - 3) / 2 + 1;
        }
        return macs;
    }

    private static double Median(int reps, Action run)
    {
        var times = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            long t = Stopwatch.GetTimestamp();
            run();
            times[r] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[reps / 2];
    }

    private static float[] SmoothImage(int size, int seed)
    {
        var rng = new Random(seed);
        var img = new float[3 * size * size];
        for (int c = 0; c < 3; c++)
        {
            double fx = 0.02 + 0.1 * rng.NextDouble(), fy = 0.02 + 0.1 * rng.NextDouble(), ph = 6 * rng.NextDouble();
            for (int i = 0; i < size * size; i++)
                img[c * size * size + i] = (float)(0.5 + 0.4 * Math.Sin(fx * (i % size) + fy * (i / size) + ph));
        }
        return img;
    }
}
