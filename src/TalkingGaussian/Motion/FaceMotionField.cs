using TalkingGaussian.Training;

namespace TalkingGaussian.Motion;

/// <summary>
/// The face branch's grid-based motion field (paper §3.3, Eq. 6; original-code.md §4.3):
/// δ_i^F = MLP(H^F(μ_i) ⊕ a_r,i ⊕ e_r,i) with the region attention a_r = V_a ⊙ a, e_r = V_e ⊙ e, where
/// V_a = MLP(H^F(μ_i)) and V_e = ReLU(MLP(H^F(μ_i))). Outputs Δμ (×0.01), Δq, Δα (unused downstream) and Δs, plus ‖V_a‖ and ‖V_e‖.
/// </summary>
/// <remarks>
/// The field owns no parameters: it reports <see cref="ParameterCount"/> and reads a span laid out as <see cref="Layout"/>.
/// This class holds the per-frame part and the scalar per-Gaussian reference (<see cref="ForwardReference"/>,
/// <see cref="BackwardReference"/>); <see cref="Kernels.FaceMotionKernels"/> runs the per-Gaussian part as ILGPU kernels.
/// A Gaussian outside the ±bound box gets H = 0 and, because no MLP has a bias, zero deformation.
/// </remarks>
public sealed class FaceMotionField : IMotionField
{
    /// <summary>Builds the modules and the parameter layout for <paramref name="settings"/>.</summary>
    public FaceMotionField(FaceMotionSettings? settings = null)
    {
        Settings = settings ?? new FaceMotionSettings();
        var s = Settings;
        if (s.ExpressionDimension < 2) throw new ArgumentOutOfRangeException(nameof(settings), "The expression needs at least 2 AUs (the last one is passed through).");
        Encoder = new TriPlaneEncoder(s.Grid);
        Audio = new AudioBranch(s.Audio);
        int e = Encoder.OutputDimension, a = s.Audio.AudioDimension, ed = s.ExpressionDimension;
        AudioAttention = new Mlp(e, s.AudioAttentionHidden, a, s.AudioAttentionLayers);
        EyeAttention = new Mlp(e, s.EyeAttentionHidden, ed, s.EyeAttentionLayers, ReluOutput: true);
        ExpressionEncoder = new Mlp(ed - 1, s.ExpressionHidden, ed - 1, 2);
        Sigma = new Mlp(e + a + ed, s.SigmaHidden, MotionDeltas.FaceStride, s.SigmaLayers);
        foreach (var m in new[] { AudioAttention, EyeAttention, ExpressionEncoder, Sigma }) m.Validate();
        // Groups and rates of the released AdamW (original-code.md §4.6).
        Layout = new MotionParameterLayout();
        Layout.Add("audio_net", Audio.Encoder.ParameterCount, 5e-4f, 0f);
        GridOffset = Layout.Add("encoder_xy", Encoder.Levels.ParametersPerPlane, 5e-3f, 0.01f);
        Layout.Add("encoder_yz", Encoder.Levels.ParametersPerPlane, 5e-3f, 0.01f);
        Layout.Add("encoder_xz", Encoder.Levels.ParametersPerPlane, 5e-3f, 0.01f);
        Layout.Add("sigma_net", Sigma.ParameterCount, 5e-4f, 0f);
        Layout.Add("audio_att_net", Audio.Attention.ParameterCount, 2.5e-3f, 1e-4f);
        Layout.Add("aud_ch_att_net", AudioAttention.ParameterCount, 5e-4f, 0f);
        Layout.Add("eye_att_net", EyeAttention.ParameterCount, 5e-4f, 0f);
        Layout.Add("exp_encode_net", ExpressionEncoder.ParameterCount, 5e-4f, 0f);
        _audioNet = Layout["audio_net"];
        _sigmaNet = Layout["sigma_net"];
        _audioAttNet = Layout["audio_att_net"];
        _audChAttNet = Layout["aud_ch_att_net"];
        _eyeAttNet = Layout["eye_att_net"];
        _expEncodeNet = Layout["exp_encode_net"];
    }

    private readonly MotionParameterSlice _audioNet, _sigmaNet, _audioAttNet, _audChAttNet, _eyeAttNet, _expEncodeNet;

    /// <summary>The sizes.</summary>
    public FaceMotionSettings Settings { get; }

    /// <summary>H^F.</summary>
    public TriPlaneEncoder Encoder { get; }

    /// <summary>AudioNet + AudioAttNet.</summary>
    public AudioBranch Audio { get; }

    /// <summary>V_a = MLP(H(μ)) (aud_ch_att_net, 36→32→32).</summary>
    public Mlp AudioAttention { get; }

    /// <summary>V_e = ReLU(MLP(H(μ))) (eye_att_net, 36→16→6).</summary>
    public Mlp EyeAttention { get; }

    /// <summary>Expression encoder on e[0:5] (exp_encode_net, 5→16→5).</summary>
    public Mlp ExpressionEncoder { get; }

    /// <summary>The deformation decoder (sigma_net, 74→64→64→11).</summary>
    public Mlp Sigma { get; }

    /// <summary>Named slices of the flat parameter buffer.</summary>
    public MotionParameterLayout Layout { get; }

    /// <summary>Parameters of the whole field.</summary>
    public int ParameterCount => Layout.Count;

    /// <inheritdoc />
    public int Stride => MotionDeltas.FaceStride;

    /// <summary>Offset of the tri-plane tables (encoder_xy, then yz, then xz, contiguous).</summary>
    public int GridOffset { get; }

    /// <summary>Initialises every module as PyTorch does (grid U(±1e-4), weights and biases U(±1/√fan_in)), reproducibly from <paramref name="seed"/>.</summary>
    public void Initialize(Span<float> parameters, int seed)
    {
        CheckParameters(parameters.Length);
        var rng = new Random(seed);
        Audio.Encoder.Initialize(Slice(parameters, _audioNet), rng);
        TriPlaneEncoder.Initialize(parameters.Slice(GridOffset, Encoder.ParameterCount), rng);
        Sigma.Initialize(Slice(parameters, _sigmaNet), rng);
        Audio.Attention.Initialize(Slice(parameters, _audioAttNet), rng);
        AudioAttention.Initialize(Slice(parameters, _audChAttNet), rng);
        EyeAttention.Initialize(Slice(parameters, _eyeAttNet), rng);
        ExpressionEncoder.Initialize(Slice(parameters, _expEncodeNet), rng);
    }

    /// <summary>AdamW groups over the field's slice of <paramref name="values"/>/<paramref name="gradients"/> (original-code.md §4.6).</summary>
    public IReadOnlyList<ParameterGroup> ParameterGroups(float[] values, float[] gradients, int offset = 0) =>
        Layout.ParameterGroups(values, gradients, offset);

    /// <summary>A reusable per-frame buffer for <see cref="EncodeFrame"/>.</summary>
    public MotionFrame CreateFrame() => new(Settings.Audio, Settings.ExpressionDimension, ExpressionEncoder.ActivationCount);

    /// <summary>
    /// The per-frame part: a = AudioAttNet(AudioNet(window)) and the encoded expression
    /// (MLP on e[0:Ed−1], e[Ed−1] = AU45 concatenated unchanged).
    /// </summary>
    public void EncodeFrame(ReadOnlySpan<float> parameters, MotionCondition condition, MotionFrame frame)
    {
        CheckParameters(parameters.Length);
        int ed = Settings.ExpressionDimension;
        if (condition.Expression.Length != ed) throw new ArgumentException($"The face field needs {ed} expression AUs; got {condition.Expression.Length}.");
        Audio.Forward(Slice(parameters, _audioNet), Slice(parameters, _audioAttNet), condition.AudioWindow, frame);
        condition.Expression.CopyTo(frame.ExpressionInput, 0);
        ExpressionEncoder.Forward(Slice(parameters, _expEncodeNet), frame.ExpressionInput.AsSpan(0, ed - 1), frame.ExpressionSaved);
        ExpressionEncoder.OutputOf(frame.ExpressionSaved).CopyTo(frame.Expression);
        frame.Expression[ed - 1] = frame.ExpressionInput[ed - 1];
    }

    /// <summary>Back-propagates ∂L/∂a and ∂L/∂(encoded e) (summed over Gaussians) into the per-frame networks' gradients.</summary>
    public void BackwardFrame(ReadOnlySpan<float> parameters, MotionFrame frame, ReadOnlySpan<float> audioGradient,
        ReadOnlySpan<float> expressionGradient, Span<float> gradient)
    {
        CheckParameters(parameters.Length);
        CheckParameters(gradient.Length);
        int ed = Settings.ExpressionDimension;
        Audio.Backward(Slice(parameters, _audioNet), Slice(parameters, _audioAttNet), frame, audioGradient,
            Slice(gradient, _audioNet), Slice(gradient, _audioAttNet));
        Span<float> unusedInputGradient = stackalloc float[ed - 1]; // e is data
        ExpressionEncoder.Backward(Slice(parameters, _expEncodeNet), frame.ExpressionInput.AsSpan(0, ed - 1), frame.ExpressionSaved,
            expressionGradient[..(ed - 1)], Slice(gradient, _expEncodeNet), unusedInputGradient);
    }

    /// <summary>Scalar reference of the per-Gaussian forward pass (Eq. 6) for <paramref name="means"/> [N, 3].</summary>
    public void ForwardReference(ReadOnlySpan<float> parameters, MotionFrame frame, ReadOnlySpan<float> means, MotionDeltas output)
    {
        CheckParameters(parameters.Length);
        int n = means.Length / 3;
        if (means.Length != 3 * n) throw new ArgumentException("Means must be [N, 3].");
        output.Resize(n);
        var t = new Temporaries(this);
        for (int i = 0; i < n; i++)
        {
            ForwardGaussian(parameters, frame, means.Slice(3 * i, 3), t);
            var h = Sigma.OutputOf(t.SigmaActivations);
            var row = output.Values.AsSpan(i * MotionDeltas.FaceStride, MotionDeltas.FaceStride);
            h.CopyTo(row);
            for (int k = 0; k < 3; k++) row[MotionDeltas.TranslationOffset + k] *= Settings.PositionScale;
            output.Attention[2 * i] = RegionAttention.Magnitude(AudioAttention.OutputOf(t.AudioAttentionActivations));
            output.Attention[2 * i + 1] = RegionAttention.Magnitude(EyeAttention.OutputOf(t.EyeAttentionActivations));
        }
    }

    /// <summary>
    /// Scalar reference of the backward pass: given ∂L/∂δ (and ∂L/∂‖V‖ in <see cref="MotionDeltas.Attention"/>), adds
    /// ∂L/∂parameters into <paramref name="gradient"/> (per-Gaussian and per-frame modules) and ∂L/∂μ through H into
    /// <paramref name="meanGradient"/> [N, 3].
    /// </summary>
    public void BackwardReference(ReadOnlySpan<float> parameters, MotionFrame frame, ReadOnlySpan<float> means,
        MotionDeltas outputGradient, Span<float> gradient, Span<float> meanGradient)
    {
        CheckParameters(parameters.Length);
        CheckParameters(gradient.Length);
        int n = means.Length / 3;
        outputGradient.Check(n, MotionDeltas.FaceStride, "The output gradient");
        if (meanGradient.Length != 3 * n) throw new ArgumentException("The mean gradient must be [N, 3].");
        var t = new Temporaries(this);
        int e = Encoder.OutputDimension, a = Settings.Audio.AudioDimension, ed = Settings.ExpressionDimension;
        var gSigmaOut = new float[MotionDeltas.FaceStride];
        var gSigmaIn = new float[Sigma.Input];
        var gVa = new float[a];
        var gVe = new float[ed];
        var gEnc = new float[e];
        var gAudio = new float[a];
        var gExpression = new float[ed];
        var gridGradient = gradient.Slice(GridOffset, Encoder.ParameterCount);
        var grid = parameters.Slice(GridOffset, Encoder.ParameterCount);
        for (int i = 0; i < n; i++)
        {
            var mu = means.Slice(3 * i, 3);
            ForwardGaussian(parameters, frame, mu, t);
            outputGradient.Values.AsSpan(i * MotionDeltas.FaceStride, MotionDeltas.FaceStride).CopyTo(gSigmaOut);
            for (int k = 0; k < 3; k++) gSigmaOut[MotionDeltas.TranslationOffset + k] *= Settings.PositionScale;
            Array.Clear(gSigmaIn);
            Sigma.Backward(Slice(parameters, _sigmaNet), t.SigmaInput, t.SigmaActivations, gSigmaOut, Slice(gradient, _sigmaNet), gSigmaIn);
            // sigma input = [H(μ) | a_r = V_a ⊙ a | e_r = V_e ⊙ e]
            var va = AudioAttention.OutputOf(t.AudioAttentionActivations);
            var ve = EyeAttention.OutputOf(t.EyeAttentionActivations);
            RegionAttention.Backward(va, frame.Audio, gSigmaIn.AsSpan(e, a), outputGradient.Attention[2 * i], gVa, gAudio);
            RegionAttention.Backward(ve, frame.Expression, gSigmaIn.AsSpan(e + a, ed), outputGradient.Attention[2 * i + 1], gVe, gExpression);
            Array.Copy(gSigmaIn, gEnc, e);
            AudioAttention.Backward(Slice(parameters, _audChAttNet), t.Encoded, t.AudioAttentionActivations, gVa, Slice(gradient, _audChAttNet), gEnc);
            EyeAttention.Backward(Slice(parameters, _eyeAttNet), t.Encoded, t.EyeAttentionActivations, gVe, Slice(gradient, _eyeAttNet), gEnc);
            Encoder.Backward(grid, mu, gEnc, gridGradient, meanGradient.Slice(3 * i, 3));
        }
        BackwardFrame(parameters, frame, gAudio, gExpression, gradient);
    }

    private void ForwardGaussian(ReadOnlySpan<float> parameters, MotionFrame frame, ReadOnlySpan<float> mu, Temporaries t)
    {
        int e = Encoder.OutputDimension, a = Settings.Audio.AudioDimension, ed = Settings.ExpressionDimension;
        Encoder.Encode(parameters.Slice(GridOffset, Encoder.ParameterCount), mu, t.Encoded);             // H^F(μ)
        AudioAttention.Forward(Slice(parameters, _audChAttNet), t.Encoded, t.AudioAttentionActivations); // V_a
        EyeAttention.Forward(Slice(parameters, _eyeAttNet), t.Encoded, t.EyeAttentionActivations);       // V_e
        t.Encoded.CopyTo(t.SigmaInput, 0);
        RegionAttention.Apply(AudioAttention.OutputOf(t.AudioAttentionActivations), frame.Audio, t.SigmaInput.AsSpan(e, a));        // a_r = V_a ⊙ a
        RegionAttention.Apply(EyeAttention.OutputOf(t.EyeAttentionActivations), frame.Expression, t.SigmaInput.AsSpan(e + a, ed)); // e_r = V_e ⊙ e
        Sigma.Forward(Slice(parameters, _sigmaNet), t.SigmaInput, t.SigmaActivations);     // δ = MLP(H ⊕ a_r ⊕ e_r)
    }

    private static Span<float> Slice(Span<float> p, MotionParameterSlice s) => p.Slice(s.Offset, s.Length);

    private static ReadOnlySpan<float> Slice(ReadOnlySpan<float> p, MotionParameterSlice s) => p.Slice(s.Offset, s.Length);

    private void CheckParameters(int length)
    {
        if (length != ParameterCount) throw new ArgumentException($"The face motion field has {ParameterCount} parameters; got a span of {length}.");
    }

    private sealed class Temporaries(FaceMotionField f)
    {
        public readonly float[] Encoded = new float[f.Encoder.OutputDimension];
        public readonly float[] AudioAttentionActivations = new float[f.AudioAttention.ActivationCount];
        public readonly float[] EyeAttentionActivations = new float[f.EyeAttention.ActivationCount];
        public readonly float[] SigmaInput = new float[f.Sigma.Input];
        public readonly float[] SigmaActivations = new float[f.Sigma.ActivationCount];
    }
}
