using System.Reflection;
using TalkingGaussian.Compute;
using TalkingGaussian.Motion;
using TalkingGaussian.Motion.Kernels;

namespace TalkingGaussian.Tests.Motion;

[Collection(ExclusiveCollection.Name)]
public class MotionKernelTests
{
    public static TheoryData<string, int?> FaceCases => new() { { "released", null }, { "released", 1 }, { "hashed", null } };

    [Theory]
    [MemberData(nameof(FaceCases))]
    public void FaceKernelsMatchTheReference(string which, int? batch)
    {
        var settings = which == "released"
            ? new FaceMotionSettings()
            : MotionTestFields.SmallFace with { Grid = TriPlaneSettings.FromDesiredResolution(4, 2, 8, 40, 8, 0.15f) }; // upper levels hashed
        var field = new FaceMotionField(settings);
        Assert.Equal(which == "hashed", field.Encoder.Levels.Dense.Contains(false));
        var rng = new Random(21);
        var p = MotionTestFields.Parameters(field.ParameterCount, field.GridOffset, field.Encoder.ParameterCount, x => field.Initialize(x, 21), rng);
        var frame = field.CreateFrame();
        field.EncodeFrame(p, MotionTestFields.Condition(settings.Audio, 6, rng), frame);
        int n = 257; // not a multiple of the thread count
        var means = MotionTestFields.Means(n, settings.Grid.Bound, rng);
        var reference = new MotionDeltas(MotionDeltas.FaceStride);
        var kernel = new MotionDeltas(MotionDeltas.FaceStride);
        field.ForwardReference(p, frame, means, reference);
        var device = TestDevices.Cpu;
        using var kernels = new FaceMotionKernels(device, field, batch);
        kernels.Forward(p, frame, means, kernel);
        // Same float32 operations, partly reordered (four Gaussians per weight load, the encoder's position chain).
        AssertClose("deltas", reference.Values, kernel.Values, Tolerance["deltas"]);
        AssertClose("attention", reference.Attention, kernel.Attention, Tolerance["attention"]);

        var upstream = new MotionDeltas(MotionDeltas.FaceStride);
        upstream.Resize(n);
        GradientCheck.Uniform(rng, 11 * n, -1f, 1f).CopyTo(upstream.Values, 0);
        GradientCheck.Uniform(rng, 2 * n, -1f, 1f).CopyTo(upstream.Attention, 0);
        var gRef = new float[p.Length];
        var gKer = new float[p.Length];
        var mRef = new float[3 * n];
        var mKer = new float[3 * n];
        field.BackwardReference(p, frame, means, upstream, gRef, mRef);
        kernels.Backward(p, frame, upstream, gKer, mKer);
        // Weight gradients are sums over N Gaussians in a different order (chunked, atomics). The per-frame networks get
        // Σ_i ∂L/∂a_i, which cancels (random upstream signs) to ~√N below its terms and keeps their absolute round-off.
        foreach (var slice in field.Layout.Slices)
            AssertClose(slice.Name, gRef.AsSpan(slice.Offset, slice.Length).ToArray(), gKer.AsSpan(slice.Offset, slice.Length).ToArray(),
                Tolerance[slice.Name]);
        AssertClose("means", mRef, mKer, Tolerance["means"]);
        Assert.Contains(mKer, v => v != 0f);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    public void MouthKernelsMatchTheReference(int? batch)
    {
        var field = new MouthMotionField();
        var rng = new Random(31);
        var p = MotionTestFields.Parameters(field.ParameterCount, field.GridOffset, field.Encoder.ParameterCount, x => field.Initialize(x, 31), rng);
        var frame = field.CreateFrame();
        field.EncodeFrame(p, MotionTestFields.Condition(field.Settings.Audio, 0, rng), frame);
        int n = 301;
        var means = MotionTestFields.Means(n, field.Settings.Grid.Bound, rng);
        var reference = new MotionDeltas(3);
        var kernel = new MotionDeltas(3);
        field.ForwardReference(p, frame, means, reference);
        var device = TestDevices.Cpu;
        using var kernels = new MouthMotionKernels(device, field, batch);
        kernels.Forward(p, frame, means, kernel);
        AssertClose("deltas", reference.Values, kernel.Values, Tolerance["deltas"]);
        var upstream = new MotionDeltas(3);
        upstream.Resize(n);
        GradientCheck.Uniform(rng, 3 * n, -1f, 1f).CopyTo(upstream.Values, 0);
        var gRef = new float[p.Length];
        var gKer = new float[p.Length];
        var mRef = new float[3 * n];
        var mKer = new float[3 * n];
        field.BackwardReference(p, frame, means, upstream, gRef, mRef);
        kernels.Backward(p, frame, upstream, gKer, mKer);
        foreach (var slice in field.Layout.Slices)
            AssertClose(slice.Name, gRef.AsSpan(slice.Offset, slice.Length).ToArray(), gKer.AsSpan(slice.Offset, slice.Length).ToArray(),
                Tolerance[slice.Name]);
        AssertClose("means", mRef, mKer, Tolerance["means"]);
    }

    /// <summary>
    /// Kernel against reference, each element within this fraction of the quantity's largest value: about 5× the worst
    /// measured over the face (released, one-Gaussian batches, hashed) and mouth cases (in the comment). Atomic summation
    /// order varies from run to run, hence the margin.
    /// </summary>
    private static readonly Dictionary<string, double> Tolerance = new()
    {
        ["deltas"] = 3e-5, ["attention"] = 1e-5,                                        // 6.1e-6, 2.3e-6
        ["encoder_xy"] = 3e-5, ["encoder_yz"] = 2e-5, ["encoder_xz"] = 4e-5,            // 4.5e-6, 3.0e-6, 7.4e-6
        ["sigma_net"] = 3e-5, ["aud_ch_att_net"] = 1.5e-5, ["eye_att_net"] = 1e-5,      // 5.1e-6, 2.9e-6, 1.8e-6
        ["means"] = 6e-5,                                                              // 1.2e-5
        ["audio_net"] = 1e-5, ["exp_encode_net"] = 1e-5, ["audio_att_net"] = 3e-3,     // 1.7e-6, 1.9e-6, 5.6e-4
    };

    internal static bool PerFrame(string slice) => slice is "audio_net" or "audio_att_net" or "exp_encode_net";

    [Fact]
    public void BackwardWithoutASavedContextIsRejected()
    {
        var field = new MouthMotionField(MotionTestFields.SmallMouth);
        var p = new float[field.ParameterCount];
        field.Initialize(p, 1);
        var frame = field.CreateFrame();
        field.EncodeFrame(p, MotionTestFields.Condition(field.Settings.Audio, 0, new Random(1)), frame);
        var device = TestDevices.Cpu;
        using var kernels = new MouthMotionKernels(device, field);
        var output = new MotionDeltas(3);
        kernels.Forward(p, frame, new float[30], output, saveContext: false);
        Assert.Throws<InvalidOperationException>(() => kernels.Backward(p, frame, output, new float[p.Length], new float[30]));
        Assert.Throws<ArgumentException>(() => kernels.Forward(p, frame, new float[31], output));
    }

    public static TheoryData<string, string> Kernels => new()
    {
        { nameof(FaceFieldKernels), nameof(FaceFieldKernels.Forward) },
        { nameof(FaceFieldKernels), nameof(FaceFieldKernels.Backward) },
        { nameof(MouthFieldKernels), nameof(MouthFieldKernels.Forward) },
        { nameof(MouthFieldKernels), nameof(MouthFieldKernels.Backward) },
        { nameof(WeightGradientKernel), nameof(WeightGradientKernel.Kernel) },
    };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void KernelsCompileToPtxForSm90(string type, string method)
    {
        var t = typeof(FaceMotionKernels).Assembly.GetType($"TalkingGaussian.Motion.Kernels.{type}")!;
        var m = t.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!;
        if (m.IsGenericMethodDefinition) // the per-Gaussian kernels: the scratch shape CUDA uses (one Gaussian per thread)
            m = m.MakeGenericMethod(typeof(FaceMotionKernels).Assembly.GetType(
                $"TalkingGaussian.Motion.Kernels.{(type.StartsWith("Face") ? "FaceGpuScratch" : "MouthGpuScratch")}")!);
        using var ptx = new PtxCompiler();
        string text = ptx.CompileExplicitlyGrouped(m);
        Assert.Contains(".version 8.8", text);
        Assert.DoesNotContain("__local_depot0[20480]", text); // the CPU mini-batch scratch (5120 floats) never reaches CUDA
        if (method != nameof(FaceFieldKernels.Forward)) Assert.Contains("red.add.f32", text); // Atomic.Add lowered to native reductions
    }

    internal static void AssertClose(string what, float[] expected, float[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 1e-30, worst = 0;
        foreach (float v in expected) scale = Math.Max(scale, Math.Abs(v));
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]) / scale);
        GradientCheck.Log($"{what}: kernel vs reference worst {worst:E2} of the largest (tolerance {relative:E1})");
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * scale,
                $"{what}[{i}]: reference {expected[i]:G8}, kernel {actual[i]:G8} (scale {scale:G3})");
    }
}
