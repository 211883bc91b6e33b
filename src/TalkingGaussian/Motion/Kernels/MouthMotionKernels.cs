using ILGPU;
using ILGPU.Runtime;
using TalkingGaussian.Compute;

namespace TalkingGaussian.Motion.Kernels;

/// <summary>
/// Runs the mouth field's per-Gaussian forward and backward passes (paper Eq. 7) as ILGPU kernels; the audio branch stays
/// in <see cref="MouthMotionField"/>. Keeps its buffers and the context of its last forward pass.
/// </summary>
public sealed class MouthMotionKernels : IMotionFieldBackend
{
    private readonly ComputeDevice _device;
    private readonly MouthKernelLayout _layout;
    private readonly TriPlaneDeviceTable _grid;
    private readonly WeightGradientPass _weights;
    private readonly DeviceArray<float> _parameters, _means, _frame, _deltas, _context, _deltaGradient, _meanGradient, _frameGradient;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, TriPlaneView, MouthKernelLayout, ArrayView<float>,
        ArrayView<float>, ArrayView<float>, int, int, int> _forward;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, TriPlaneView, MouthKernelLayout,
        ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> _backward;
    private readonly DeviceArray<float> _transposed;
    private readonly float[] _hostTransposed;
    private int _count = -1;
    private bool _contextSaved;

    /// <summary>Compiles the kernels for <paramref name="field"/> on <paramref name="device"/>.</summary>
    public MouthMotionKernels(ComputeDevice device, MouthMotionField field) : this(device, field, null) { }

    /// <summary>As the public constructor; <paramref name="batch"/> = 1 selects the CUDA configuration (one Gaussian per thread, small scratch) on any device.</summary>
    internal MouthMotionKernels(ComputeDevice device, MouthMotionField field, int? batch)
    {
        _device = device;
        Field = field;
        _layout = device.IsCpu && batch != 1 ? Layout(field, default(MouthCpuScratch)) : Layout(field, default(MouthGpuScratch));
        var acc = device.Accelerator;
        _grid = new TriPlaneDeviceTable(acc, field.Encoder.Levels, field.GridOffset);
        _weights = new WeightGradientPass(device, field.ParameterCount, _layout.Sigma);
        _parameters = new(acc); _means = new(acc); _frame = new(acc); _deltas = new(acc);
        _context = new(acc); _deltaGradient = new(acc); _meanGradient = new(acc); _frameGradient = new(acc);
        _forward = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, TriPlaneView, MouthKernelLayout, ArrayView<float>,
            ArrayView<float>, ArrayView<float>, int, int, int>(device.IsCpu && batch != 1 ? MouthFieldKernels.Forward<MouthCpuScratch> : MouthFieldKernels.Forward<MouthGpuScratch>);
        _transposed = new(acc);
        _hostTransposed = new float[field.Sigma.ParameterCount];
        _backward = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, TriPlaneView, MouthKernelLayout,
            ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(device.IsCpu && batch != 1 ? MouthFieldKernels.Backward<MouthCpuScratch> : MouthFieldKernels.Backward<MouthGpuScratch>);
    }

    /// <summary>The field whose sizes the kernels were built for.</summary>
    public MouthMotionField Field { get; }

    /// <inheritdoc />
    public int Stride => MotionDeltas.MouthStride;

    /// <summary>Per-Gaussian forward pass; see <see cref="FaceMotionKernels.Forward"/>.</summary>
    public void Forward(ReadOnlySpan<float> parameters, MotionFrame frame, ReadOnlySpan<float> means, MotionDeltas output, bool saveContext = true)
    {
        if (parameters.Length != Field.ParameterCount) throw new ArgumentException($"The mouth motion field has {Field.ParameterCount} parameters; got {parameters.Length}.");
        int n = means.Length / 3;
        if (means.Length != 3 * n) throw new ArgumentException("Means must be [N, 3].");
        if (frame.Audio.Length != _layout.Audio) throw new ArgumentException("The frame was not encoded by this field's settings.");
        output.Resize(n);
        output.Check(n, MotionDeltas.MouthStride, "The output");
        _parameters.Upload(parameters);
        _layout.Sigma.Transpose(parameters, _hostTransposed);
        _transposed.Upload(_hostTransposed);
        _means.Upload(means);
        _frame.Upload(frame.Audio);
        _deltas.Resize(3 * n);
        _context.Resize(saveContext ? checked(n * _layout.Row) : 0);
        _forward(_device.Shape(n), _means.View, _parameters.View, _grid.View, _layout, _frame.View, _deltas.View, _context.View,
            saveContext ? 1 : 0, n, _device.ChunkSize(n));
        _device.Accelerator.Synchronize();
        _deltas.Download(output.Values.AsSpan(0, 3 * n));
        _count = n;
        _contextSaved = saveContext;
    }

    /// <summary>Backward pass of the last <see cref="Forward"/>; see <see cref="FaceMotionKernels.Backward"/>.</summary>
    public void Backward(ReadOnlySpan<float> parameters, MotionFrame frame, MotionDeltas outputGradient, Span<float> gradient, Span<float> meanGradient)
    {
        if (!_contextSaved) throw new InvalidOperationException("Backward needs a Forward with saveContext: true first.");
        int n = _count;
        outputGradient.Check(n, MotionDeltas.MouthStride, "The output gradient");
        if (gradient.Length != Field.ParameterCount) throw new ArgumentException($"The gradient span has {gradient.Length} floats; expected {Field.ParameterCount}.");
        if (meanGradient.Length != 3 * n) throw new ArgumentException("The mean gradient must be [N, 3].");
        _deltaGradient.Upload(outputGradient.Values.AsSpan(0, 3 * n));
        _weights.Clear();
        _meanGradient.Resize(3 * n);
        _frameGradient.Resize(_layout.Audio);
        _frameGradient.Clear();
        _backward(_device.Shape(n), _means.View, _parameters.View, _transposed.View, _weights.Gradient, _grid.View, _layout, _deltaGradient.View, _context.View,
            _meanGradient.View, _frameGradient.View, n, _device.ChunkSize(n));
        _weights.Run(_context.View, _layout.Row, n);
        _device.Accelerator.Synchronize();
        _weights.AddTo(gradient);
        _meanGradient.Download(meanGradient);
        var audioGradient = new float[_layout.Audio];
        _frameGradient.Download(audioGradient);
        AudioGradient = audioGradient;
        Field.BackwardFrame(parameters, frame, audioGradient, gradient);
    }

    /// <summary>∂L/∂a summed over Gaussians in the last <see cref="Backward"/> (what flows into the audio branch).</summary>
    public float[] AudioGradient { get; private set; } = [];

    /// <summary>The row layout of <paramref name="field"/>, validated against the kernels' scratch size.</summary>
    internal static MouthKernelLayout Layout<TScratch>(MouthMotionField field, TScratch scratch) where TScratch : struct, IScratchShape
    {
        int e = field.Encoder.OutputDimension, a = field.Settings.Audio.AudioDimension;
        int hidden = e + a, delta = hidden + field.Sigma.ActivationCount, row = delta + field.Sigma.ActivationCount;
        var (sx, sy, sz) = field.TranslationScale;
        var layout = new MouthKernelLayout
        {
            Sigma = MlpDims.Of(field.Sigma, field.Layout["sigma_net"].Offset, 0, hidden, delta, 0),
            Encoded = e,
            Audio = a,
            ForwardLength = delta,
            Row = row,
            InputGradient = row,
            PositionGradient = row + field.Sigma.Input,
            Stride = row + field.Sigma.Input + 3,
            ScaleX = sx,
            ScaleY = sy,
            ScaleZ = sz,
        };
        foreach (var mlp in new[] { field.Sigma })
            if (Math.Max(mlp.Input, Math.Max(mlp.Hidden, mlp.Output)) > MlpKernelMath.MaxInput)
                throw new ArgumentException($"MLP {mlp} has a layer width above the kernel limit of {MlpKernelMath.MaxInput}.");
        // mini-batches of up to MaxBatch Gaussians on the CPU accelerator (weights read once per batch), 1 on CUDA
        layout.Batch = Math.Max(1, Math.Min(scratch.MaxBatch, scratch.Length / layout.Stride));
        if (layout.Stride > scratch.Length)
            throw new ArgumentException($"The mouth field's per-Gaussian row ({layout.PositionGradient + 3} floats) exceeds the kernel scratch of {scratch.Length}.");
        if (a > MouthFieldKernels.MaxAudio) throw new ArgumentException($"Audio width {a} exceeds the kernel limit of {MouthFieldKernels.MaxAudio}.");
        return layout;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _grid.Dispose();
        _weights.Dispose();
        _transposed.Dispose();
        foreach (var b in new[] { _parameters, _means, _frame, _deltas, _context, _deltaGradient, _meanGradient, _frameGradient })
            b.Dispose();
    }
}
