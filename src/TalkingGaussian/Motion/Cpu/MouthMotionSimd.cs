using System.Runtime.CompilerServices;
using TalkingGaussian.Compute;

namespace TalkingGaussian.Motion.Cpu;

/// <summary>
/// The inside-mouth field's per-Gaussian passes (paper Eq. 7) on the CPU at matrix-product speed: per block of 64 Gaussians,
/// H^M(μ) gathered into a block, the decoder as register-blocked SIMD products and the backward pass as the transposed
/// products. The decoder input H ⊕ a has the same a for every Gaussian, so its first layer's a-part is computed once per
/// call (<see cref="BlockMlp.SharedTerm"/>). The audio networks stay in <see cref="MouthMotionField"/>.
/// Tested against <see cref="MouthMotionField.ForwardReference"/>/<see cref="MouthMotionField.BackwardReference"/>.
/// </summary>
internal sealed unsafe class MouthMotionSimd : BlockMotionBackend
{
    private readonly MouthMotionField _field;
    private readonly TriPlaneBlock _encoder;
    private readonly BlockMlp _sigma;
    private readonly int _encoded, _audio;
    private readonly PinnedArray<float> _sharedTerm;
    private readonly float[] _audioGradient;

    /// <summary>The backend for <paramref name="field"/> on <paramref name="workers"/>.</summary>
    public MouthMotionSimd(MouthMotionField field, ParallelWorkers workers)
        : base(workers, field.ParameterCount, MotionDeltas.MouthStride, field.Encoder.OutputDimension + field.Sigma.ActivationCount,
            MotionDeltas.MouthStride + field.Encoder.OutputDimension + 2 * Math.Max(field.Sigma.Hidden, field.Sigma.Output),
            field.Sigma.LayerOutput(0))
    {
        _field = field;
        _encoder = new TriPlaneBlock(field.Encoder);
        _encoded = field.Encoder.OutputDimension;
        _audio = field.Settings.Audio.AudioDimension;
        _sigma = new BlockMlp(field.Sigma, field.Layout["sigma_net"].Offset, sharedInputs: _audio);
        _sharedTerm = new PinnedArray<float>(_sigma.FirstLayerOutput);
        _audioGradient = new float[_audio];
    }

    /// <summary>The field.</summary>
    public MouthMotionField Field => _field;

    protected override void CheckFrame(MotionFrame frame)
    {
        if (frame.Audio.Length != _audio) throw new ArgumentException("The frame was not encoded by this field's settings.");
    }

    protected override void PrepareForward(ReadOnlySpan<float> parameters, MotionFrame frame) =>
        _sigma.SharedTerm(parameters, frame.Audio, _sharedTerm.Span);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void ForwardBlock(in BlockPass pass)
    {
        const int w = BlockWidth;
        float* input = pass.Context, sigma = input + _encoded * w;
        _encoder.Forward(pass.Parameters + _field.GridOffset, pass.Means, input, w);     // H^M(μ)
        _sigma.Forward(pass.Parameters, input, sigma, w, _sharedTerm.Pointer);          // MLP(H ⊕ a)
        float* h = sigma + _sigma.OutputRow * w;
        var (sx, sy, sz) = _field.TranslationScale;
        for (int i = 0; i < pass.Count; i++)
        {
            float* row = pass.Values + 3L * (pass.First + i);
            row[0] = h[i] * sx;
            row[1] = h[w + i] * sy;
            row[2] = h[2 * w + i] * sz;
        }
    }

    protected override void PrepareBackward(ReadOnlySpan<float> parameters) => _sigma.Transpose(parameters);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void BackwardBlock(in BlockPass pass)
    {
        const int w = BlockWidth;
        float* input = pass.Context, sigma = input + _encoded * w;
        float* gOut = pass.Scratch, gIn = gOut + 3 * w, scratchA = gIn + _encoded * w, scratchB = scratchA + _sigma.ScratchRows * w;
        var (sx, sy, sz) = _field.TranslationScale;
        for (int i = 0; i < w; i++)
        {
            bool real = i < pass.Count;
            float* row = pass.Values + 3L * (pass.First + i);
            gOut[i] = real ? row[0] * sx : 0f;
            gOut[w + i] = real ? row[1] * sy : 0f;
            gOut[2 * w + i] = real ? row[2] * sz : 0f;
        }
        // ∂L/∂H into gIn; Σ over the block of the first layer's ∂L/∂z (padding lanes are 0) into the frame gradient
        _sigma.Backward(input, sigma, gOut, pass.Gradient, gIn, Epilogue.Store, scratchA, scratchB, w, pass.FrameGradient);
        _encoder.Backward(pass.Parameters + _field.GridOffset, pass.Means, gIn, pass.Gradient + _field.GridOffset,
            pass.BlockMeanGradient, pass.Count, w);
    }

    protected override void BackwardFrame(ReadOnlySpan<float> parameters, MotionFrame frame, float[] frameGradient, Span<float> gradient)
    {
        Array.Clear(_audioGradient);
        _sigma.SharedBackward(parameters, frame.Audio, frameGradient, gradient, _audioGradient); // the a-columns of W₀ and Σ ∂L/∂a
        _field.BackwardFrame(parameters, frame, _audioGradient, gradient);
    }
}
