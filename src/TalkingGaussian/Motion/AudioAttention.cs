namespace TalkingGaussian.Motion;

/// <summary>
/// AudioAttNet, the temporal attention over the audio window (original-code.md §4.2): the per-frame features
/// [S = 8, A = 32] are read as A channels over S steps; five Conv1d(k 3, p 1, bias) layers A → 16 → 8 → 4 → 2 → 1,
/// each followed by LeakyReLU(0.02) (the last too), give one score per step; Linear(S, S) and a softmax over the
/// S steps give weights w; the output is the smoothed audio feature a = Σ_t w_t·x_t (the a of paper Eq. 6–7).
/// </summary>
public sealed class AudioAttention
{
    private readonly Conv1d[] _convs;
    private readonly Linear _fc;
    private readonly int _s, _a;
    private readonly int[] _starts; // offset in the saved activations of conv k's input; _starts[^1] = the fc's input

    /// <summary>Builds AudioAttNet for <paramref name="settings"/>.</summary>
    public AudioAttention(AudioSettings settings)
    {
        settings.Validate();
        Settings = settings;
        _s = settings.SequenceLength;
        _a = settings.AudioDimension;
        var channels = settings.AttentionConvChannels;
        _convs = new Conv1d[channels.Length];
        int cIn = _a;
        for (int k = 0; k < channels.Length; k++)
        {
            _convs[k] = new Conv1d(cIn, channels[k], 3, 1, 1);
            cIn = channels[k];
        }
        _fc = new Linear(_s, _s);
        foreach (var c in _convs) ParameterCount += c.ParameterCount;
        ParameterCount += _fc.ParameterCount;
        SavedLength = _a * _s;
        foreach (var c in _convs) SavedLength += c.OutChannels * _s;
        SavedLength += 2 * _s; // scores, softmax weights
        _starts = new int[_convs.Length + 1];
        int length = _a * _s;
        for (int k = 0; k < _convs.Length; k++)
        {
            _starts[k + 1] = _starts[k] + length;
            length = _convs[k].OutChannels * _s;
        }
    }

    /// <summary>The audio settings.</summary>
    public AudioSettings Settings { get; }

    /// <summary>Weights and biases.</summary>
    public int ParameterCount { get; }

    /// <summary>Floats saved by the forward pass.</summary>
    public int SavedLength { get; }

    /// <summary>PyTorch default initialisation.</summary>
    public void Initialize(Span<float> parameters, Random rng)
    {
        if (parameters.Length != ParameterCount) throw new ArgumentException($"AudioAttNet has {ParameterCount} parameters; got {parameters.Length}.");
        int offset = 0;
        foreach (var c in _convs) { c.Initialize(parameters[offset..], rng); offset += c.ParameterCount; }
        _fc.Initialize(parameters[offset..], rng);
    }

    /// <summary>The softmax weights w of the last forward pass stored in <paramref name="saved"/>.</summary>
    public ReadOnlySpan<float> Weights(ReadOnlySpan<float> saved) => saved.Slice(SavedLength - _s, _s);

    /// <summary>a = Σ_t w_t·x_t for <paramref name="x"/> [S, A]; writes <paramref name="output"/> [A].</summary>
    public void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, Span<float> saved, Span<float> output)
    {
        Check(parameters.Length, x.Length, saved.Length, output.Length);
        var xt = saved[..(_a * _s)];
        for (int t = 0; t < _s; t++)
            for (int c = 0; c < _a; c++) xt[c * _s + t] = x[t * _a + c];
        int offset = 0, pOffset = 0, inLength = _a * _s;
        foreach (var conv in _convs)
        {
            var y = saved.Slice(offset + inLength, conv.OutChannels * _s);
            conv.Forward(parameters.Slice(pOffset, conv.ParameterCount), saved.Slice(offset, inLength), _s, y);
            LeakyRelu.Apply(y);
            pOffset += conv.ParameterCount;
            offset += inLength;
            inLength = y.Length;
        }
        var scores = saved.Slice(offset + inLength, _s);
        _fc.Forward(parameters.Slice(pOffset, _fc.ParameterCount), saved.Slice(offset, inLength), scores);
        var w = saved.Slice(SavedLength - _s, _s);
        float max = float.NegativeInfinity;
        for (int t = 0; t < _s; t++) max = MathF.Max(max, scores[t]);
        float sum = 0f;
        for (int t = 0; t < _s; t++) sum += w[t] = MathF.Exp(scores[t] - max);
        for (int t = 0; t < _s; t++) w[t] /= sum;
        output.Clear();
        for (int t = 0; t < _s; t++)
            for (int c = 0; c < _a; c++) output[c] += w[t] * x[t * _a + c];
    }

    /// <summary>
    /// Adds ∂L/∂parameters into <paramref name="gradient"/> and ∂L/∂x into <paramref name="xGradient"/> [S, A].
    /// <paramref name="scratch"/> (at least <see cref="SavedLength"/> floats) holds the activation gradients; without it one
    /// is allocated.
    /// </summary>
    public void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, ReadOnlySpan<float> saved,
        ReadOnlySpan<float> outputGradient, Span<float> gradient, Span<float> xGradient, Span<float> scratch = default)
    {
        Check(parameters.Length, x.Length, saved.Length, outputGradient.Length);
        if (gradient.Length != ParameterCount || xGradient.Length != x.Length) throw new ArgumentException("AudioAttNet gradient spans have the wrong length.");
        var w = saved.Slice(SavedLength - _s, _s);
        var g = scratch.Length >= SavedLength ? scratch[..SavedLength] : new float[SavedLength];
        g.Clear();
        // direct path: a = Σ_t w_t x_t
        var gw = g.Slice(SavedLength - _s, _s);
        for (int t = 0; t < _s; t++)
            for (int c = 0; c < _a; c++)
            {
                xGradient[t * _a + c] += w[t] * outputGradient[c];
                gw[t] += x[t * _a + c] * outputGradient[c];
            }
        // softmax: ∂L/∂score_t = w_t (∂L/∂w_t − Σ_u w_u ∂L/∂w_u)
        float dot = 0f;
        for (int t = 0; t < _s; t++) dot += w[t] * gw[t];
        int scoresStart = SavedLength - 2 * _s;
        for (int t = 0; t < _s; t++) g[scoresStart + t] = w[t] * (gw[t] - dot);
        var starts = _starts;
        int length = SavedLength - 2 * _s - starts[^1];
        int pOffset = ParameterCount - _fc.ParameterCount;
        _fc.Backward(parameters.Slice(pOffset, _fc.ParameterCount), saved.Slice(starts[^1], length), g.Slice(scoresStart, _s),
            gradient.Slice(pOffset, _fc.ParameterCount), g.Slice(starts[^1], length));
        for (int k = _convs.Length - 1; k >= 0; k--)
        {
            pOffset -= _convs[k].ParameterCount;
            int outStart = starts[k + 1], outLength = _convs[k].OutChannels * _s, inLength = outStart - starts[k];
            LeakyRelu.Backward(saved.Slice(outStart, outLength), g.Slice(outStart, outLength));
            _convs[k].Backward(parameters.Slice(pOffset, _convs[k].ParameterCount), saved.Slice(starts[k], inLength), _s,
                g.Slice(outStart, outLength), gradient.Slice(pOffset, _convs[k].ParameterCount), g.Slice(starts[k], inLength));
        }
        for (int t = 0; t < _s; t++)
            for (int c = 0; c < _a; c++) xGradient[t * _a + c] += g[c * _s + t];
    }

    private void Check(int parameters, int x, int saved, int output)
    {
        if (parameters != ParameterCount) throw new ArgumentException($"AudioAttNet has {ParameterCount} parameters; got {parameters}.");
        if (x != _s * _a) throw new ArgumentException($"AudioAttNet input has {x} floats; expected [{_s}, {_a}].");
        if (saved != SavedLength) throw new ArgumentException($"AudioAttNet saved buffer has {saved} floats; expected {SavedLength}.");
        if (output != _a) throw new ArgumentException($"AudioAttNet output has {output} floats; expected {_a}.");
    }
}
