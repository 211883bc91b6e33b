using TalkingGaussian.Compute;
using TalkingGaussian.Motion;
using TalkingGaussian.Motion.Cpu;

namespace TalkingGaussian.Tests.Motion;

/// <summary>
/// The SIMD CPU backends against the scalar references: forward outputs, every parameter slice's gradient and ∂L/∂μ, with the
/// tolerances of the ILGPU kernel tests (<see cref="MotionKernelTests"/>). No ILGPU kernel runs here.
/// </summary>
public class SimdMotionBackendTests
{
    public static TheoryData<string, int, int> FaceCases => new()
    {
        { "released", 257, 2 }, // several blocks of 64 and a partial one, shared by two workers
        { "released", 257, 1 },
        { "released", 5, 2 },   // one partial block: one worker has nothing to do
        { "hashed", 130, 2 },   // upper levels hashed, 2 features per level
        { "small", 70, 3 },     // odd layer widths (5, 4, 6 rows), three workers
    };

    [Theory]
    [MemberData(nameof(FaceCases))]
    public void FaceMatchesTheReference(string which, int n, int threads)
    {
        var settings = which switch
        {
            "released" => new FaceMotionSettings(),
            "hashed" => MotionTestFields.SmallFace with { Grid = TriPlaneSettings.FromDesiredResolution(4, 2, 8, 40, 8, 0.15f) },
            _ => MotionTestFields.SmallFace,
        };
        var field = new FaceMotionField(settings);
        Assert.Equal(which == "hashed", field.Encoder.Levels.Dense.Contains(false));
        var rng = new Random(21 + n);
        var p = MotionTestFields.Parameters(field.ParameterCount, field.GridOffset, field.Encoder.ParameterCount, x => field.Initialize(x, 21), rng);
        var frame = field.CreateFrame();
        field.EncodeFrame(p, MotionTestFields.Condition(settings.Audio, settings.ExpressionDimension, rng), frame);
        var means = MotionTestFields.Means(n, settings.Grid.Bound, rng);
        using var simd = new FaceMotionSimd(field, ParallelWorkers.Get(threads));
        var upstream = new MotionDeltas(MotionDeltas.FaceStride);
        upstream.Resize(n);
        GradientCheck.Uniform(rng, 11 * n, -1f, 1f).CopyTo(upstream.Values, 0);
        GradientCheck.Uniform(rng, 2 * n, -1f, 1f).CopyTo(upstream.Attention, 0);
        CompareWithReference(new ReferenceMotionBackend(field), simd, field.Layout, p, frame, means, upstream);
    }

    public static TheoryData<string, int, int> MouthCases => new()
    {
        { "released", 301, 2 },
        { "released", 64, 1 }, // exactly one block
        { "small", 33, 2 },
    };

    [Theory]
    [MemberData(nameof(MouthCases))]
    public void MouthMatchesTheReference(string which, int n, int threads)
    {
        var field = new MouthMotionField(which == "released" ? new MouthMotionSettings() : MotionTestFields.SmallMouth);
        var rng = new Random(31 + n);
        var p = MotionTestFields.Parameters(field.ParameterCount, field.GridOffset, field.Encoder.ParameterCount, x => field.Initialize(x, 31), rng);
        var frame = field.CreateFrame();
        field.EncodeFrame(p, MotionTestFields.Condition(field.Settings.Audio, 0, rng), frame);
        var means = MotionTestFields.Means(n, field.Settings.Grid.Bound, rng);
        using var simd = new MouthMotionSimd(field, ParallelWorkers.Get(threads));
        var upstream = new MotionDeltas(MotionDeltas.MouthStride);
        upstream.Resize(n);
        GradientCheck.Uniform(rng, 3 * n, -1f, 1f).CopyTo(upstream.Values, 0);
        CompareWithReference(new ReferenceMotionBackend(field), simd, field.Layout, p, frame, means, upstream);
    }

    [Fact]
    public void BuffersAreReusedAcrossSizesAndGradientsAreAdded()
    {
        var field = new FaceMotionField(MotionTestFields.SmallFace);
        var rng = new Random(5);
        var p = MotionTestFields.Parameters(field.ParameterCount, field.GridOffset, field.Encoder.ParameterCount, x => field.Initialize(x, 5), rng);
        var frame = field.CreateFrame();
        field.EncodeFrame(p, MotionTestFields.Condition(field.Settings.Audio, 6, rng), frame);
        using var simd = new FaceMotionSimd(field, ParallelWorkers.Get(2));
        var output = new MotionDeltas(MotionDeltas.FaceStride);
        simd.Forward(p, frame, MotionTestFields.Means(300, 0.15f, rng), output); // grow the buffers first
        foreach (int n in new[] { 100, 0 })
        {
            var means = MotionTestFields.Means(n, 0.15f, rng);
            var upstream = new MotionDeltas(MotionDeltas.FaceStride);
            upstream.Resize(n);
            GradientCheck.Uniform(rng, 11 * n, -1f, 1f).CopyTo(upstream.Values, 0);
            GradientCheck.Uniform(rng, 2 * n, -1f, 1f).CopyTo(upstream.Attention, 0);
            CompareWithReference(new ReferenceMotionBackend(field), simd, field.Layout, p, frame, means, upstream, startGradient: 0.5f);
        }
    }

    [Fact]
    public void RepeatedCallsGiveBitIdenticalGradients()
    {
        // Blocks and backward chunks go to whichever worker is free; chunks are summed in a fixed order, so the result must not
        // depend on that.
        var field = new FaceMotionField(MotionTestFields.SmallFace);
        var rng = new Random(8);
        var p = MotionTestFields.Parameters(field.ParameterCount, field.GridOffset, field.Encoder.ParameterCount, x => field.Initialize(x, 8), rng);
        var frame = field.CreateFrame();
        field.EncodeFrame(p, MotionTestFields.Condition(field.Settings.Audio, 6, rng), frame);
        int n = 1000;
        var means = MotionTestFields.Means(n, 0.15f, rng);
        var upstream = new MotionDeltas(MotionDeltas.FaceStride);
        upstream.Resize(n);
        GradientCheck.Uniform(rng, 11 * n, -1f, 1f).CopyTo(upstream.Values, 0);
        using var simd = new FaceMotionSimd(field, ParallelWorkers.Get(3));
        float[]? first = null, firstMeans = null;
        for (int repeat = 0; repeat < 4; repeat++)
        {
            var output = new MotionDeltas(MotionDeltas.FaceStride);
            simd.Forward(p, frame, means, output);
            var g = new float[p.Length];
            var m = new float[3 * n];
            simd.Backward(p, frame, upstream, g, m);
            if (first is null) (first, firstMeans) = (g, m);
            else
            {
                Assert.Equal(first, g);
                Assert.Equal(firstMeans, m);
            }
        }
    }

    [Fact]
    public void BackwardNeedsASavedContextAndMatchingSizes()
    {
        var field = new MouthMotionField(MotionTestFields.SmallMouth);
        var p = new float[field.ParameterCount];
        field.Initialize(p, 1);
        var frame = field.CreateFrame();
        field.EncodeFrame(p, MotionTestFields.Condition(field.Settings.Audio, 0, new Random(1)), frame);
        using var simd = new MouthMotionSimd(field, ParallelWorkers.Get(2));
        var output = new MotionDeltas(3);
        simd.Forward(p, frame, new float[30], output, saveContext: false);
        Assert.Throws<InvalidOperationException>(() => simd.Backward(p, frame, output, new float[p.Length], new float[30]));
        Assert.Throws<ArgumentException>(() => simd.Forward(p, frame, new float[31], output));
        Assert.Throws<ArgumentException>(() => simd.Forward(p.AsSpan(1), frame, new float[30], output));
        simd.Forward(p, frame, new float[30], output);
        Assert.Throws<ArgumentException>(() => simd.Backward(p, frame, output, new float[p.Length], new float[33]));
        Assert.Throws<ArgumentException>(() => simd.Forward(p, new MouthMotionField().CreateFrame(), new float[30], output));
    }

    /// <summary>
    /// Forward and backward of both backends on the same inputs; gradients start at <paramref name="startGradient"/> in every
    /// entry so a backend that overwrote instead of adding would fail.
    /// </summary>
    private static void CompareWithReference(IMotionFieldBackend reference, IMotionFieldBackend simd, MotionParameterLayout layout,
        float[] p, MotionFrame frame, float[] means, MotionDeltas upstream, float startGradient = 0f)
    {
        int n = means.Length / 3, stride = reference.Stride;
        var expected = new MotionDeltas(stride);
        var actual = new MotionDeltas(stride);
        reference.Forward(p, frame, means, expected);
        simd.Forward(p, frame, means, actual);
        // The encoder reproduces the reference's float operations; the products sum in another order with FMA (1e-5 as the kernels).
        MotionKernelTests.AssertClose("deltas", expected.Values.AsSpan(0, n * stride).ToArray(), actual.Values.AsSpan(0, n * stride).ToArray(), 1e-5);
        if (stride == MotionDeltas.FaceStride)
            MotionKernelTests.AssertClose("attention", expected.Attention.AsSpan(0, 2 * n).ToArray(), actual.Attention.AsSpan(0, 2 * n).ToArray(), 1e-5);

        var gRef = Filled(p.Length, startGradient);
        var gSimd = Filled(p.Length, startGradient);
        var mRef = Filled(3 * n, startGradient);
        var mSimd = Filled(3 * n, startGradient);
        reference.Backward(p, frame, upstream, gRef, mRef);
        simd.Backward(p, frame, upstream, gSimd, mSimd);
        // Weight gradients are sums over N Gaussians in another order (per block, per worker): 1e-4 of each slice's largest value;
        // the per-frame networks get Σ_i ∂L/∂a_i, which cancels to ~√N below its terms: 2e-3 there (as the kernel tests).
        foreach (var slice in layout.Slices)
            MotionKernelTests.AssertClose(slice.Name, gRef.AsSpan(slice.Offset, slice.Length).ToArray(),
                gSimd.AsSpan(slice.Offset, slice.Length).ToArray(), MotionKernelTests.PerFrame(slice.Name) ? 2e-3 : 1e-4);
        MotionKernelTests.AssertClose("means", mRef, mSimd, 1e-4);
        if (n > 0) Assert.Contains(mSimd, v => v != startGradient);
        var grid = layout["encoder_xy"];
        if (n > 0) Assert.Contains(gSimd.AsSpan(grid.Offset, 3 * grid.Length).ToArray(), v => v != startGradient);
    }

    private static float[] Filled(int length, float value)
    {
        var a = new float[length];
        Array.Fill(a, value);
        return a;
    }
}
