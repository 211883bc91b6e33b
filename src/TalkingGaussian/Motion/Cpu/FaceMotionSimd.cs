using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TalkingGaussian.Compute;

namespace TalkingGaussian.Motion.Cpu;

/// <summary>
/// The face field's per-Gaussian passes (paper Eq. 6) on the CPU at matrix-product speed: per block of 64 Gaussians,
/// H^F(μ) gathered into a [36, 64] block, V_a and V_e and the deformation decoder as register-blocked SIMD products with
/// fused ReLUs, and the backward pass as the transposed products; the per-frame audio and expression networks stay in
/// <see cref="FaceMotionField"/>. Tested against <see cref="FaceMotionField.ForwardReference"/>/<see cref="FaceMotionField.BackwardReference"/>.
/// </summary>
/// <remarks>
/// Saved per Gaussian for the backward pass: the decoder input [H | a_r | e_r] and every MLP activation (299 floats).
/// </remarks>
internal sealed unsafe class FaceMotionSimd : BlockMotionBackend
{
    private readonly FaceMotionField _field;
    private readonly TriPlaneBlock _encoder;
    private readonly BlockMlp _audioAttention, _eyeAttention, _sigma;
    private readonly int _encoded, _audio, _expression;
    private readonly int _vaRows, _veRows, _sigmaRows;

    /// <summary>The backend for <paramref name="field"/> on <paramref name="workers"/>.</summary>
    public FaceMotionSimd(FaceMotionField field, ParallelWorkers workers)
        : base(workers, field.ParameterCount, MotionDeltas.FaceStride, ContextRowsOf(field), ScratchRowsOf(field),
            field.Settings.Audio.AudioDimension + field.Settings.ExpressionDimension) // Σ ∂L/∂a, then Σ ∂L/∂e
    {
        _field = field;
        _encoder = new TriPlaneBlock(field.Encoder);
        _audioAttention = new BlockMlp(field.AudioAttention, field.Layout["aud_ch_att_net"].Offset);
        _eyeAttention = new BlockMlp(field.EyeAttention, field.Layout["eye_att_net"].Offset);
        _sigma = new BlockMlp(field.Sigma, field.Layout["sigma_net"].Offset);
        _encoded = field.Encoder.OutputDimension;
        _audio = field.Settings.Audio.AudioDimension;
        _expression = field.Settings.ExpressionDimension;
        _vaRows = field.Sigma.Input;
        _veRows = _vaRows + field.AudioAttention.ActivationCount;
        _sigmaRows = _veRows + field.EyeAttention.ActivationCount;
    }

    /// <summary>The field.</summary>
    public FaceMotionField Field => _field;

    // Context rows of a block: decoder input [H | V_a ⊙ a | V_e ⊙ e], V_a's, V_e's and the decoder's activations.
    private static int ContextRowsOf(FaceMotionField f) =>
        f.Sigma.Input + f.AudioAttention.ActivationCount + f.EyeAttention.ActivationCount + f.Sigma.ActivationCount;

    // Backward scratch: ∂L/∂δ, ∂L/∂‖V‖ (2), ∂L/∂(decoder input), ∂L/∂V_a, ∂L/∂V_e, two MLP buffers.
    private static int ScratchRowsOf(FaceMotionField f)
    {
        int mlp = Math.Max(Math.Max(f.Sigma.Hidden, f.Sigma.Output), Math.Max(Math.Max(f.AudioAttention.Hidden, f.AudioAttention.Output),
            Math.Max(f.EyeAttention.Hidden, f.EyeAttention.Output)));
        return MotionDeltas.FaceStride + 2 + f.Sigma.Input + f.AudioAttention.Output + f.EyeAttention.Output + 2 * mlp;
    }

    protected override void CheckFrame(MotionFrame frame)
    {
        if (frame.Audio.Length != _audio || frame.Expression.Length != _expression)
            throw new ArgumentException("The frame was not encoded by this field's settings.");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void ForwardBlock(in BlockPass pass)
    {
        const int w = BlockWidth;
        float* p = pass.Parameters, input = pass.Context;
        float* va = input + _vaRows * w, ve = input + _veRows * w, sigma = input + _sigmaRows * w;
        _encoder.Forward(p + _field.GridOffset, pass.Means, input, w);                       // H^F(μ)
        _audioAttention.Forward(p, input, va, w);                                           // V_a
        _eyeAttention.Forward(p, input, ve, w);                                             // V_e
        float* vaOut = va + _audioAttention.OutputRow * w, veOut = ve + _eyeAttention.OutputRow * w;
        Scale(vaOut, pass.Audio, _audio, input + _encoded * w);                             // a_r = V_a ⊙ a
        Scale(veOut, pass.Expression, _expression, input + (_encoded + _audio) * w);        // e_r = V_e ⊙ e
        _sigma.Forward(p, input, sigma, w);                                                 // δ = MLP(H ⊕ a_r ⊕ e_r)

        float* h = sigma + _sigma.OutputRow * w;
        float scale = _field.Settings.PositionScale;
        for (int i = 0; i < pass.Count; i++)
        {
            float* row = pass.Values + (long)(pass.First + i) * MotionDeltas.FaceStride;
            for (int c = 0; c < MotionDeltas.FaceStride; c++)
                row[c] = c < 3 ? h[c * w + i] * scale : h[c * w + i];
        }
        float* norms = pass.Scratch;
        Magnitudes(vaOut, _audio, norms);
        Magnitudes(veOut, _expression, norms + w);
        for (int i = 0; i < pass.Count; i++)
        {
            pass.Attention[2 * (pass.First + i)] = norms[i];
            pass.Attention[2 * (pass.First + i) + 1] = norms[w + i];
        }
    }

    protected override void PrepareBackward(ReadOnlySpan<float> parameters)
    {
        _audioAttention.Transpose(parameters);
        _eyeAttention.Transpose(parameters);
        _sigma.Transpose(parameters);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void BackwardBlock(in BlockPass pass)
    {
        const int w = BlockWidth;
        float* input = pass.Context;
        float* va = input + _vaRows * w, ve = input + _veRows * w, sigma = input + _sigmaRows * w;
        float* gOut = pass.Scratch, gNorm = gOut + MotionDeltas.FaceStride * w, gIn = gNorm + 2 * w;
        float* gVa = gIn + _field.Sigma.Input * w, gVe = gVa + _audio * w, scratchA = gVe + _expression * w;
        float* scratchB = scratchA + Math.Max(_sigma.ScratchRows, Math.Max(_audioAttention.ScratchRows, _eyeAttention.ScratchRows)) * w;

        float scale = _field.Settings.PositionScale;
        for (int c = 0; c < MotionDeltas.FaceStride; c++)
            for (int i = 0; i < w; i++)
                gOut[c * w + i] = i < pass.Count ? pass.Values[(long)(pass.First + i) * MotionDeltas.FaceStride + c] * (c < 3 ? scale : 1f) : 0f;
        for (int i = 0; i < w; i++)
        {
            gNorm[i] = i < pass.Count ? pass.Attention[2 * (pass.First + i)] : 0f;
            gNorm[w + i] = i < pass.Count ? pass.Attention[2 * (pass.First + i) + 1] : 0f;
        }
        _sigma.Backward(input, sigma, gOut, pass.Gradient, gIn, Epilogue.Store, scratchA, scratchB, w);
        // decoder input = [H | a_r | e_r]: region attention backward into ∂L/∂V and Σ ∂L/∂(a, e)
        float* vaOut = va + _audioAttention.OutputRow * w, veOut = ve + _eyeAttention.OutputRow * w;
        RegionBackward(vaOut, pass.Audio, _audio, gIn + _encoded * w, gNorm, gVa, pass.FrameGradient, scratchA);
        RegionBackward(veOut, pass.Expression, _expression, gIn + (_encoded + _audio) * w, gNorm + w, gVe, pass.FrameGradient + _audio, scratchA);
        // ∂L/∂H = decoder part (rows 0..E of gIn) + both attention MLPs' input gradients
        _audioAttention.Backward(input, va, gVa, pass.Gradient, gIn, Epilogue.Add, scratchA, scratchB, w);
        _eyeAttention.Backward(input, ve, gVe, pass.Gradient, gIn, Epilogue.Add, scratchA, scratchB, w);
        _encoder.Backward(pass.Parameters + _field.GridOffset, pass.Means, gIn, pass.Gradient + _field.GridOffset,
            pass.BlockMeanGradient, pass.Count, w);
    }

    protected override void BackwardFrame(ReadOnlySpan<float> parameters, MotionFrame frame, float[] frameGradient, Span<float> gradient) =>
        _field.BackwardFrame(parameters, frame, frameGradient.AsSpan(0, _audio), frameGradient.AsSpan(_audio, _expression), gradient);

    /// <summary>r[k, :] = V[k, :]·c[k] (Eq. 6's Hadamard product, per Gaussian).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scale(float* attention, float* condition, int rows, float* regional)
    {
        for (int k = 0; k < rows; k++)
        {
            var c = Vector256.Create(condition[k]);
            for (int b = 0; b < BlockWidth; b += Simd.Lanes)
                (Vector256.Load(attention + k * BlockWidth + b) * c).Store(regional + k * BlockWidth + b);
        }
    }

    /// <summary>‖V‖₂ of every Gaussian of the block (summed in the reference's order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Magnitudes(float* attention, int rows, float* norms)
    {
        for (int b = 0; b < BlockWidth; b += Simd.Lanes)
        {
            var s = Vector256<float>.Zero;
            for (int k = 0; k < rows; k++)
            {
                var v = Vector256.Load(attention + k * BlockWidth + b);
                s += v * v;
            }
            Vector256.Sqrt(s).Store(norms + b);
        }
    }

    /// <summary>
    /// Backward of r = V ⊙ c and of ‖V‖ (<see cref="RegionAttention.Backward"/>, per Gaussian): ∂L/∂V = ∂L/∂r ⊙ c + ∂L/∂‖V‖·V/‖V‖
    /// into <paramref name="attentionGradient"/>, and Σ over the block of ∂L/∂r ⊙ V added into <paramref name="conditionGradient"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RegionBackward(float* attention, float* condition, int rows, float* regionalGradient, float* normGradient,
        float* attentionGradient, float* conditionGradient, float* norms)
    {
        Magnitudes(attention, rows, norms);
        for (int b = 0; b < BlockWidth; b += Simd.Lanes)
        {
            var norm = Vector256.Load(norms + b);
            var s = Vector256.ConditionalSelect(Vector256.GreaterThan(norm, Vector256<float>.Zero),
                Vector256.Load(normGradient + b) / norm, Vector256<float>.Zero);
            s.Store(norms + b);
        }
        for (int k = 0; k < rows; k++)
        {
            float* v = attention + k * BlockWidth, g = regionalGradient + k * BlockWidth, o = attentionGradient + k * BlockWidth;
            var c = Vector256.Create(condition[k]);
            for (int b = 0; b < BlockWidth; b += Simd.Lanes)
                (Vector256.Load(g + b) * c + Vector256.Load(norms + b) * Vector256.Load(v + b)).Store(o + b);
            conditionGradient[k] += BlockGemm.Dot(g, v, BlockWidth);
        }
    }
}
