using TalkingGaussian.Compute;

namespace TalkingGaussian.Motion.Cpu;

/// <summary>
/// The inside-mouth field's per-Gaussian passes (paper Eq. 7) on the CPU at matrix-product speed: per block of 64 Gaussians,
/// H^M(μ) gathered into a block, the frame's audio feature a appended as constant rows, the decoder as register-blocked
/// SIMD products, and the backward pass as the transposed products. The audio networks stay in <see cref="MouthMotionField"/>.
/// Tested against <see cref="MouthMotionField.ForwardReference"/>/<see cref="MouthMotionField.BackwardReference"/>.
/// </summary>
internal sealed unsafe class MouthMotionSimd : BlockMotionBackend
{
    private readonly MouthMotionField _field;
    private readonly TriPlaneBlock _encoder;
    private readonly BlockMlp _sigma;
    private readonly int _encoded, _audio;

    /// <summary>The backend for <paramref name="field"/> on <paramref name="workers"/>.</summary>
    public MouthMotionSimd(MouthMotionField field, ParallelWorkers workers)
        : base(workers, field.ParameterCount, MotionDeltas.MouthStride, field.Sigma.Input + field.Sigma.ActivationCount,
            MotionDeltas.MouthStride + field.Sigma.Input + 2 * Math.Max(field.Sigma.Hidden, field.Sigma.Output),
            field.Settings.Audio.AudioDimension)
    {
        _field = field;
        _encoder = new TriPlaneBlock(field.Encoder);
        _sigma = new BlockMlp(field.Sigma, field.Layout["sigma_net"].Offset);
        _encoded = field.Encoder.OutputDimension;
        _audio = field.Settings.Audio.AudioDimension;
    }

    /// <summary>The field.</summary>
    public MouthMotionField Field => _field;

    protected override void CheckFrame(MotionFrame frame)
    {
        if (frame.Audio.Length != _audio) throw new ArgumentException("The frame was not encoded by this field's settings.");
    }

    protected override void ForwardBlock(in BlockPass pass)
    {
        const int w = BlockWidth;
        float* input = pass.Context, sigma = input + _field.Sigma.Input * w;
        _encoder.Forward(pass.Parameters + _field.GridOffset, pass.Means, input, w);     // H^M(μ)
        for (int k = 0; k < _audio; k++)                                               // ⊕ a
            new Span<float>(input + (_encoded + k) * w, w).Fill(pass.Audio[k]);
        _sigma.Forward(pass.Parameters, input, sigma, w);
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

    protected override void BackwardBlock(in BlockPass pass)
    {
        const int w = BlockWidth;
        float* input = pass.Context, sigma = input + _field.Sigma.Input * w;
        float* gOut = pass.Scratch, gIn = gOut + 3 * w, scratchA = gIn + _field.Sigma.Input * w, scratchB = scratchA + _sigma.ScratchRows * w;
        var (sx, sy, sz) = _field.TranslationScale;
        for (int i = 0; i < w; i++)
        {
            bool real = i < pass.Count;
            float* row = pass.Values + 3L * (pass.First + i);
            gOut[i] = real ? row[0] * sx : 0f;
            gOut[w + i] = real ? row[1] * sy : 0f;
            gOut[2 * w + i] = real ? row[2] * sz : 0f;
        }
        _sigma.Backward(input, sigma, gOut, pass.Gradient, gIn, Epilogue.Store, scratchA, scratchB, w);
        for (int k = 0; k < _audio; k++)                                               // Σ_i ∂L/∂a (padding rows are 0)
        {
            float* g = gIn + (_encoded + k) * w;
            float s = 0f;
            for (int i = 0; i < w; i++) s += g[i];
            pass.FrameGradient[k] += s;
        }
        _encoder.Backward(pass.Parameters + _field.GridOffset, pass.Means, gIn, pass.Gradient + _field.GridOffset,
            pass.BlockMeanGradient, pass.Count, w);
    }

    protected override void BackwardFrame(ReadOnlySpan<float> parameters, MotionFrame frame, float[] frameGradient, Span<float> gradient) =>
        _field.BackwardFrame(parameters, frame, frameGradient, gradient);
}
