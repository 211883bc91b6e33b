using ILGPU;
using ILGPU.Runtime;
using TalkingGaussian.Compute;

namespace TalkingGaussian.Motion.Kernels;

/// <summary>
/// Runs the face field's per-Gaussian forward and backward passes (paper Eq. 6) as ILGPU kernels on a
/// <see cref="ComputeDevice"/>; the per-frame audio/expression part stays in <see cref="FaceMotionField"/>.
/// Keeps its device buffers and the context of its last forward pass (one instance per concurrent use).
/// </summary>
public sealed class FaceMotionKernels : IMotionFieldBackend
{
    private readonly ComputeDevice _device;
    private readonly FaceKernelLayout _layout;
    private readonly TriPlaneDeviceTable _grid;
    private readonly WeightGradientPass _weights;
    private readonly DeviceArray<float> _parameters, _means, _frame, _deltas, _attention, _context,
        _deltaGradient, _attentionGradient, _meanGradient, _frameGradient;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, TriPlaneView, FaceKernelLayout, ArrayView<float>,
        ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> _forward;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, TriPlaneView, FaceKernelLayout,
        ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> _backward;
    private readonly DeviceArray<float> _transposed;
    private readonly float[] _hostTransposed;
    private int _count = -1;
    private bool _contextSaved;

    /// <summary>Compiles the kernels for <paramref name="field"/> on <paramref name="device"/>.</summary>
    public FaceMotionKernels(ComputeDevice device, FaceMotionField field) : this(device, field, null) { }

    /// <summary>As the public constructor; <paramref name="batch"/> = 1 selects the CUDA configuration (one Gaussian per thread, small scratch) on any device.</summary>
    internal FaceMotionKernels(ComputeDevice device, FaceMotionField field, int? batch)
    {
        _device = device;
        Field = field;
        _layout = device.IsCpu && batch != 1 ? Layout(field, default(FaceCpuScratch)) : Layout(field, default(FaceGpuScratch));
        var acc = device.Accelerator;
        _grid = new TriPlaneDeviceTable(acc, field.Encoder.Levels, field.GridOffset);
        _weights = new WeightGradientPass(device, field.ParameterCount, _layout.AudioAttention, _layout.EyeAttention, _layout.Sigma);
        _parameters = new(acc); _means = new(acc); _frame = new(acc); _deltas = new(acc);
        _attention = new(acc); _context = new(acc); _deltaGradient = new(acc); _attentionGradient = new(acc);
        _meanGradient = new(acc); _frameGradient = new(acc);
        _forward = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, TriPlaneView, FaceKernelLayout, ArrayView<float>,
            ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>(device.IsCpu && batch != 1 ? FaceFieldKernels.Forward<FaceCpuScratch> : FaceFieldKernels.Forward<FaceGpuScratch>);
        _transposed = new(acc);
        _hostTransposed = new float[field.AudioAttention.ParameterCount + field.EyeAttention.ParameterCount + field.Sigma.ParameterCount];
        _backward = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, TriPlaneView, FaceKernelLayout,
            ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(device.IsCpu && batch != 1 ? FaceFieldKernels.Backward<FaceCpuScratch> : FaceFieldKernels.Backward<FaceGpuScratch>);
    }

    /// <summary>The field whose sizes and layout the kernels were built for.</summary>
    public FaceMotionField Field { get; }

    /// <inheritdoc />
    public int Stride => MotionDeltas.FaceStride;

    /// <summary>Floats saved per Gaussian for the backward pass.</summary>
    public int ContextRow => _layout.Row;

    /// <summary>
    /// Per-Gaussian forward pass for <paramref name="means"/> [N, 3] under the encoded <paramref name="frame"/>; writes
    /// <paramref name="output"/>. With <paramref name="saveContext"/> the rows needed by <see cref="Backward"/> are kept.
    /// </summary>
    public void Forward(ReadOnlySpan<float> parameters, MotionFrame frame, ReadOnlySpan<float> means, MotionDeltas output, bool saveContext = true)
    {
        if (parameters.Length != Field.ParameterCount) throw new ArgumentException($"The face motion field has {Field.ParameterCount} parameters; got {parameters.Length}.");
        int n = means.Length / 3;
        if (means.Length != 3 * n) throw new ArgumentException("Means must be [N, 3].");
        if (frame.Audio.Length != _layout.Audio || frame.Expression.Length != _layout.Expression)
            throw new ArgumentException("The frame was not encoded by this field's settings.");
        output.Resize(n);
        output.Check(n, MotionDeltas.FaceStride, "The output");
        _parameters.Upload(parameters);
        _layout.AudioAttention.Transpose(parameters, _hostTransposed);
        _layout.EyeAttention.Transpose(parameters, _hostTransposed);
        _layout.Sigma.Transpose(parameters, _hostTransposed);
        _transposed.Upload(_hostTransposed);
        _means.Upload(means);
        _frame.Resize(_layout.Audio + _layout.Expression);
        var frameData = new float[_frame.Length];
        frame.Audio.CopyTo(frameData, 0);
        frame.Expression.CopyTo(frameData, _layout.Audio);
        _frame.Upload(frameData);
        _deltas.Resize(n * MotionDeltas.FaceStride);
        _attention.Resize(2 * n);
        _context.Resize(saveContext ? checked(n * _layout.Row) : 0);
        _forward(_device.Shape(n), _means.View, _parameters.View, _grid.View, _layout, _frame.View, _deltas.View, _attention.View,
            _context.View, saveContext ? 1 : 0, n, _device.ChunkSize(n));
        _device.Accelerator.Synchronize();
        _deltas.Download(output.Values.AsSpan(0, n * MotionDeltas.FaceStride));
        _attention.Download(output.Attention.AsSpan(0, 2 * n));
        _count = n;
        _contextSaved = saveContext;
    }

    /// <summary>
    /// Backward pass of the last <see cref="Forward"/> (with its context saved): adds ∂L/∂parameters of every module
    /// (per-Gaussian kernels, then the per-frame networks in C#) into <paramref name="gradient"/>, and ∂L/∂μ through H
    /// into <paramref name="meanGradient"/> [N, 3].
    /// </summary>
    public void Backward(ReadOnlySpan<float> parameters, MotionFrame frame, MotionDeltas outputGradient, Span<float> gradient, Span<float> meanGradient)
    {
        if (!_contextSaved) throw new InvalidOperationException("Backward needs a Forward with saveContext: true first.");
        int n = _count;
        outputGradient.Check(n, MotionDeltas.FaceStride, "The output gradient");
        if (gradient.Length != Field.ParameterCount) throw new ArgumentException($"The gradient span has {gradient.Length} floats; expected {Field.ParameterCount}.");
        if (meanGradient.Length != 3 * n) throw new ArgumentException("The mean gradient must be [N, 3].");
        _deltaGradient.Upload(outputGradient.Values.AsSpan(0, n * MotionDeltas.FaceStride));
        _attentionGradient.Upload(outputGradient.Attention.AsSpan(0, 2 * n));
        _weights.Clear();
        _meanGradient.Resize(3 * n);
        _frameGradient.Resize(_layout.Audio + _layout.Expression);
        _frameGradient.Clear();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _backward(_device.Shape(n), _means.View, _parameters.View, _transposed.View, _weights.Gradient, _grid.View, _layout, _frame.View, _deltaGradient.View,
            _attentionGradient.View, _context.View, _meanGradient.View, _frameGradient.View, n, _device.ChunkSize(n));
        _device.Accelerator.Synchronize();
        double perGaussian = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        _weights.Run(_context.View, _layout.Row, n);
        _device.Accelerator.Synchronize();
        double weights = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        _weights.AddTo(gradient);
        _meanGradient.Download(meanGradient);
        var frameGradient = new float[_frameGradient.Length];
        _frameGradient.Download(frameGradient);
        AudioGradient = frameGradient[.._layout.Audio];
        ExpressionGradient = frameGradient[_layout.Audio..];
        Field.BackwardFrame(parameters, frame, AudioGradient, ExpressionGradient, gradient);
        LastBackwardStages = (perGaussian, weights, clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>Milliseconds of the last backward pass's stages: per-Gaussian kernel, weight-gradient kernel, host side (download, per-frame networks).</summary>
    public (double PerGaussian, double WeightGradient, double Host) LastBackwardStages { get; private set; }

    /// <summary>∂L/∂a summed over Gaussians in the last <see cref="Backward"/> (what flows into the audio branch).</summary>
    public float[] AudioGradient { get; private set; } = [];

    /// <summary>∂L/∂(encoded e) summed over Gaussians in the last <see cref="Backward"/>.</summary>
    public float[] ExpressionGradient { get; private set; } = [];

    /// <summary>The row layout of <paramref name="field"/> (host-validated against the kernels' fixed scratch sizes).</summary>
    internal static FaceKernelLayout Layout<TScratch>(FaceMotionField field, TScratch scratch) where TScratch : struct, IScratchShape
    {
        int e = field.Encoder.OutputDimension, a = field.Settings.Audio.AudioDimension, ed = field.Settings.ExpressionDimension;
        int attW = field.Layout["aud_ch_att_net"].Offset, eyeW = field.Layout["eye_att_net"].Offset, sigW = field.Layout["sigma_net"].Offset;
        int attHidden = e + a + ed;
        int eyeHidden = attHidden + field.AudioAttention.ActivationCount;
        int sigmaHidden = eyeHidden + field.EyeAttention.ActivationCount;
        int attDelta = sigmaHidden + field.Sigma.ActivationCount;
        int eyeDelta = attDelta + field.AudioAttention.ActivationCount;
        int sigmaDelta = eyeDelta + field.EyeAttention.ActivationCount;
        int row = sigmaDelta + field.Sigma.ActivationCount;
        var layout = new FaceKernelLayout
        {
            AudioAttention = MlpDims.Of(field.AudioAttention, attW, 0, attHidden, attDelta, 0),
            EyeAttention = MlpDims.Of(field.EyeAttention, eyeW, 0, eyeHidden, eyeDelta, field.AudioAttention.ParameterCount),
            Sigma = MlpDims.Of(field.Sigma, sigW, 0, sigmaHidden, sigmaDelta, field.AudioAttention.ParameterCount + field.EyeAttention.ParameterCount),
            Encoded = e,
            Audio = a,
            Expression = ed,
            AudioRegion = e,
            ExpressionRegion = e + a,
            ForwardLength = attDelta,
            Row = row,
            InputGradient = row,
            PositionGradient = row + field.Sigma.Input,
            Stride = row + field.Sigma.Input + 3,
            PositionScale = field.Settings.PositionScale,
        };
        foreach (var mlp in new[] { field.AudioAttention, field.EyeAttention, field.Sigma })
            if (Math.Max(mlp.Input, Math.Max(mlp.Hidden, mlp.Output)) > MlpKernelMath.MaxInput)
                throw new ArgumentException($"MLP {mlp} has a layer width above the kernel limit of {MlpKernelMath.MaxInput}.");
        // mini-batches of up to MaxBatch Gaussians on the CPU accelerator (weights read once per batch), 1 on CUDA
        layout.Batch = Math.Max(1, Math.Min(scratch.MaxBatch, scratch.Length / layout.Stride));
        if (layout.Stride > scratch.Length)
            throw new ArgumentException($"The face field's per-Gaussian row ({layout.PositionGradient + 3} floats) exceeds the kernel scratch of {scratch.Length}; reduce the MLP sizes.");
        if (a + ed > FaceFieldKernels.MaxFrame)
            throw new ArgumentException($"Audio ({a}) + expression ({ed}) widths exceed the kernel limit of {FaceFieldKernels.MaxFrame}.");
        return layout;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _grid.Dispose();
        _weights.Dispose();
        _transposed.Dispose();
        foreach (var b in new[] { _parameters, _means, _frame, _deltas, _attention, _context, _deltaGradient, _attentionGradient, _meanGradient, _frameGradient })
            b.Dispose();
    }
}
