using TalkingGaussian.Training;

namespace TalkingGaussian.Motion;

/// <summary>
/// The inside-mouth branch's grid-based motion field (paper §3.3, Eq. 7; original-code.md §4.4): translation only,
/// δ_i^M = {Δμ_i} = MLP(H^M(μ_i) ⊕ a), with a not attention-weighted, Δμ = h × 0.01 × (0.2, 1, 0.2) as released.
/// </summary>
/// <remarks>
/// The released network also builds an aud_ch_att_net that it never uses (original-code.md §10.6); it has no effect on
/// outputs or on AdamW (zero gradient, zero weight decay), so it is left out here. Because a is not region-weighted,
/// Gaussians outside the ±bound box still move (H = 0 but a ≠ 0).
/// </remarks>
public sealed class MouthMotionField : IMotionField
{
    private readonly MotionParameterSlice _audioNet, _sigmaNet, _audioAttNet;

    /// <summary>Builds the modules and the parameter layout for <paramref name="settings"/>.</summary>
    public MouthMotionField(MouthMotionSettings? settings = null)
    {
        Settings = settings ?? new MouthMotionSettings();
        Encoder = new TriPlaneEncoder(Settings.Grid);
        Audio = new AudioBranch(Settings.Audio);
        Sigma = new Mlp(Encoder.OutputDimension + Settings.Audio.AudioDimension, Settings.Hidden, MotionDeltas.MouthStride, Settings.Layers);
        Sigma.Validate();
        Layout = new MotionParameterLayout();
        _audioNet = Slice(Layout.Add("audio_net", Audio.Encoder.ParameterCount, 5e-4f, 0f));
        GridOffset = Layout.Add("encoder_xy", Encoder.Levels.ParametersPerPlane, 5e-3f, 0.01f);
        Layout.Add("encoder_yz", Encoder.Levels.ParametersPerPlane, 5e-3f, 0.01f);
        Layout.Add("encoder_xz", Encoder.Levels.ParametersPerPlane, 5e-3f, 0.01f);
        _sigmaNet = Slice(Layout.Add("sigma_net", Sigma.ParameterCount, 5e-4f, 0f));
        _audioAttNet = Slice(Layout.Add("audio_att_net", Audio.Attention.ParameterCount, 2.5e-3f, 1e-4f));
    }

    private MotionParameterSlice Slice(int offset) => Layout.Slices[^1].Offset == offset ? Layout.Slices[^1] : throw new InvalidOperationException("Layout slices out of order.");

    /// <summary>The sizes.</summary>
    public MouthMotionSettings Settings { get; }

    /// <summary>H^M.</summary>
    public TriPlaneEncoder Encoder { get; }

    /// <summary>AudioNet + AudioAttNet.</summary>
    public AudioBranch Audio { get; }

    /// <summary>The decoder (sigma_net, 68→32→32→3).</summary>
    public Mlp Sigma { get; }

    /// <summary>Named slices of the flat parameter buffer.</summary>
    public MotionParameterLayout Layout { get; }

    /// <summary>Parameters of the whole field.</summary>
    public int ParameterCount => Layout.Count;

    /// <inheritdoc />
    public int Stride => MotionDeltas.MouthStride;

    /// <summary>Offset of the tri-plane tables (xy, yz, xz contiguous).</summary>
    public int GridOffset { get; }

    /// <summary>The per-axis factors on h: PositionScale × AxisScale.</summary>
    public (float X, float Y, float Z) TranslationScale =>
        (Settings.PositionScale * Settings.AxisScale.X, Settings.PositionScale * Settings.AxisScale.Y, Settings.PositionScale * Settings.AxisScale.Z);

    /// <summary>PyTorch-default initialisation, reproducible from <paramref name="seed"/>.</summary>
    public void Initialize(Span<float> parameters, int seed)
    {
        CheckParameters(parameters.Length);
        var rng = new Random(seed);
        Audio.Encoder.Initialize(Slice(parameters, _audioNet), rng);
        TriPlaneEncoder.Initialize(parameters.Slice(GridOffset, Encoder.ParameterCount), rng);
        Sigma.Initialize(Slice(parameters, _sigmaNet), rng);
        Audio.Attention.Initialize(Slice(parameters, _audioAttNet), rng);
    }

    /// <summary>AdamW groups over the field's slice of <paramref name="values"/>/<paramref name="gradients"/> (original-code.md §4.6).</summary>
    public IReadOnlyList<ParameterGroup> ParameterGroups(float[] values, float[] gradients, int offset = 0) =>
        Layout.ParameterGroups(values, gradients, offset);

    /// <summary>A reusable per-frame buffer.</summary>
    public MotionFrame CreateFrame() => new(Settings.Audio, 0, 0);

    /// <summary>The per-frame part: a = AudioAttNet(AudioNet(window)); the expression is ignored.</summary>
    public void EncodeFrame(ReadOnlySpan<float> parameters, MotionCondition condition, MotionFrame frame)
    {
        CheckParameters(parameters.Length);
        Audio.Forward(Slice(parameters, _audioNet), Slice(parameters, _audioAttNet), condition.AudioWindow, frame);
    }

    /// <summary>Back-propagates ∂L/∂a (summed over Gaussians) into the audio networks' gradients.</summary>
    public void BackwardFrame(ReadOnlySpan<float> parameters, MotionFrame frame, ReadOnlySpan<float> audioGradient, Span<float> gradient)
    {
        CheckParameters(parameters.Length);
        CheckParameters(gradient.Length);
        Audio.Backward(Slice(parameters, _audioNet), Slice(parameters, _audioAttNet), frame, audioGradient,
            Slice(gradient, _audioNet), Slice(gradient, _audioAttNet));
    }

    /// <summary>Scalar reference of the per-Gaussian forward pass (Eq. 7) for <paramref name="means"/> [N, 3].</summary>
    public void ForwardReference(ReadOnlySpan<float> parameters, MotionFrame frame, ReadOnlySpan<float> means, MotionDeltas output)
    {
        CheckParameters(parameters.Length);
        int n = means.Length / 3;
        if (means.Length != 3 * n) throw new ArgumentException("Means must be [N, 3].");
        output.Resize(n);
        var input = new float[Sigma.Input];
        var activations = new float[Sigma.ActivationCount];
        var (sx, sy, sz) = TranslationScale;
        for (int i = 0; i < n; i++)
        {
            ForwardGaussian(parameters, frame, means.Slice(3 * i, 3), input, activations);
            var h = Sigma.OutputOf(activations);
            output.Values[3 * i] = h[0] * sx;
            output.Values[3 * i + 1] = h[1] * sy;
            output.Values[3 * i + 2] = h[2] * sz;
        }
    }

    /// <summary>Scalar reference of the backward pass: adds ∂L/∂parameters and ∂L/∂μ (through H^M) given ∂L/∂Δμ.</summary>
    public void BackwardReference(ReadOnlySpan<float> parameters, MotionFrame frame, ReadOnlySpan<float> means,
        MotionDeltas outputGradient, Span<float> gradient, Span<float> meanGradient)
    {
        CheckParameters(parameters.Length);
        CheckParameters(gradient.Length);
        int n = means.Length / 3;
        outputGradient.Check(n, MotionDeltas.MouthStride, "The output gradient");
        if (meanGradient.Length != 3 * n) throw new ArgumentException("The mean gradient must be [N, 3].");
        int e = Encoder.OutputDimension, a = Settings.Audio.AudioDimension;
        var input = new float[Sigma.Input];
        var activations = new float[Sigma.ActivationCount];
        var gOut = new float[3];
        var gIn = new float[Sigma.Input];
        var gAudio = new float[a];
        var (sx, sy, sz) = TranslationScale;
        for (int i = 0; i < n; i++)
        {
            var mu = means.Slice(3 * i, 3);
            ForwardGaussian(parameters, frame, mu, input, activations);
            gOut[0] = outputGradient.Values[3 * i] * sx;
            gOut[1] = outputGradient.Values[3 * i + 1] * sy;
            gOut[2] = outputGradient.Values[3 * i + 2] * sz;
            Array.Clear(gIn);
            Sigma.Backward(Slice(parameters, _sigmaNet), input, activations, gOut, Slice(gradient, _sigmaNet), gIn);
            for (int k = 0; k < a; k++) gAudio[k] += gIn[e + k];
            Encoder.Backward(parameters.Slice(GridOffset, Encoder.ParameterCount), mu, gIn.AsSpan(0, e),
                gradient.Slice(GridOffset, Encoder.ParameterCount), meanGradient.Slice(3 * i, 3));
        }
        BackwardFrame(parameters, frame, gAudio, gradient);
    }

    private void ForwardGaussian(ReadOnlySpan<float> parameters, MotionFrame frame, ReadOnlySpan<float> mu, float[] input, float[] activations)
    {
        int e = Encoder.OutputDimension;
        Encoder.Encode(parameters.Slice(GridOffset, Encoder.ParameterCount), mu, input.AsSpan(0, e)); // H^M(μ)
        frame.Audio.CopyTo(input, e);                                                                 // ⊕ a
        Sigma.Forward(Slice(parameters, _sigmaNet), input, activations);
    }

    private static Span<float> Slice(Span<float> p, MotionParameterSlice s) => p.Slice(s.Offset, s.Length);

    private static ReadOnlySpan<float> Slice(ReadOnlySpan<float> p, MotionParameterSlice s) => p.Slice(s.Offset, s.Length);

    private void CheckParameters(int length)
    {
        if (length != ParameterCount) throw new ArgumentException($"The mouth motion field has {ParameterCount} parameters; got a span of {length}.");
    }
}
