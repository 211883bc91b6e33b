namespace TalkingGaussian.Motion;

/// <summary>
/// AudioNet (original-code.md §4.2): per window row, Conv1d(k 3, s 2, p 1, bias) + LeakyReLU(0.02) over
/// C → 32 → 32 → 64 → 64 channels (time 16 → 8 → 4 → 2 → 1), then Linear(64, 64) + LeakyReLU, Linear(64, 32).
/// Maps the window [8, C, T] to per-frame audio features [8, 32]. Per frame and tiny: scalar C#.
/// </summary>
public sealed class AudioEncoder
{
    private readonly Conv1d[] _convs;
    private readonly Linear _fc1, _fc2;
    private readonly int[] _lengths; // time length entering conv k; _lengths[^1] = 1
    private readonly int[] _starts;  // offset in a row's activations of conv k's input; _starts[^1] = fc1's input
    private readonly int _hiddenInput; // length of fc1's input (the last conv's output)

    /// <summary>Builds AudioNet for <paramref name="settings"/>.</summary>
    public AudioEncoder(AudioSettings settings)
    {
        settings.Validate();
        Settings = settings;
        var channels = settings.Channels;
        _convs = new Conv1d[channels.Length];
        _lengths = new int[channels.Length + 1];
        _lengths[0] = Math.Min(settings.TimeSteps, settings.WindowSize);
        int cIn = settings.FeatureDimension;
        for (int k = 0; k < channels.Length; k++)
        {
            _convs[k] = new Conv1d(cIn, channels[k], 3, 2, 1);
            _lengths[k + 1] = _convs[k].OutputLength(_lengths[k]);
            cIn = channels[k];
        }
        if (_lengths[^1] != 1)
            throw new ArgumentException(
                $"AudioNet's conv stack reduces {_lengths[0]} time steps to {_lengths[^1]}, not 1; use a window of at most 2^{channels.Length} steps.");
        _fc1 = new Linear(cIn, settings.Hidden);
        _fc2 = new Linear(settings.Hidden, settings.AudioDimension);
        foreach (var c in _convs) ParameterCount += c.ParameterCount;
        ParameterCount += _fc1.ParameterCount + _fc2.ParameterCount;
        // per row: the sliced input, each conv output, fc1 output, fc2 output
        RowActivations = settings.FeatureDimension * _lengths[0];
        for (int k = 0; k < _convs.Length; k++) RowActivations += _convs[k].OutChannels * _lengths[k + 1];
        RowActivations += settings.Hidden + settings.AudioDimension;
        _starts = new int[_convs.Length + 1];
        int length = settings.FeatureDimension * _lengths[0];
        for (int k = 0; k < _convs.Length; k++)
        {
            _starts[k + 1] = _starts[k] + length;
            length = _convs[k].OutChannels * _lengths[k + 1];
        }
        _hiddenInput = length;
    }

    /// <summary>The audio settings.</summary>
    public AudioSettings Settings { get; }

    /// <summary>Weights and biases of all layers.</summary>
    public int ParameterCount { get; }

    /// <summary>Floats saved per window row for the backward pass.</summary>
    public int RowActivations { get; }

    /// <summary>PyTorch default initialisation of every layer.</summary>
    public void Initialize(Span<float> parameters, Random rng)
    {
        Check(parameters.Length, ParameterCount, "parameters");
        int offset = 0;
        foreach (var c in _convs) { c.Initialize(parameters[offset..], rng); offset += c.ParameterCount; }
        _fc1.Initialize(parameters[offset..], rng);
        offset += _fc1.ParameterCount;
        _fc2.Initialize(parameters[offset..], rng);
    }

    /// <summary>
    /// Encodes <paramref name="window"/> [SequenceLength, C, T] into <paramref name="output"/> [SequenceLength, AudioDimension],
    /// saving the activations in <paramref name="saved"/> ([SequenceLength × RowActivations]) for <see cref="Backward"/>.
    /// </summary>
    public void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> window, Span<float> saved, Span<float> output)
    {
        Check(parameters.Length, ParameterCount, "parameters");
        Check(window.Length, Settings.WindowLength, "audio window");
        Check(saved.Length, Settings.SequenceLength * RowActivations, "saved activations");
        Check(output.Length, Settings.SequenceLength * Settings.AudioDimension, "output");
        int c = Settings.FeatureDimension, t = Settings.TimeSteps, l0 = _lengths[0];
        for (int row = 0; row < Settings.SequenceLength; row++)
        {
            var act = saved.Slice(row * RowActivations, RowActivations);
            // slice [:, :, 0:WindowSize]
            for (int ch = 0; ch < c; ch++)
                window.Slice((row * c + ch) * t, l0).CopyTo(act.Slice(ch * l0, l0));
            int offset = 0, pOffset = 0, inLength = c * l0;
            for (int k = 0; k < _convs.Length; k++)
            {
                var x = act.Slice(offset, inLength);
                int outLength = _convs[k].OutChannels * _lengths[k + 1];
                var y = act.Slice(offset + inLength, outLength);
                _convs[k].Forward(parameters.Slice(pOffset, _convs[k].ParameterCount), x, _lengths[k], y);
                LeakyRelu.Apply(y);
                pOffset += _convs[k].ParameterCount;
                offset += inLength;
                inLength = outLength;
            }
            var h0 = act.Slice(offset, inLength);
            var h1 = act.Slice(offset + inLength, Settings.Hidden);
            _fc1.Forward(parameters.Slice(pOffset, _fc1.ParameterCount), h0, h1);
            LeakyRelu.Apply(h1);
            pOffset += _fc1.ParameterCount;
            var h2 = act.Slice(offset + inLength + Settings.Hidden, Settings.AudioDimension);
            _fc2.Forward(parameters.Slice(pOffset, _fc2.ParameterCount), h1, h2);
            h2.CopyTo(output.Slice(row * Settings.AudioDimension, Settings.AudioDimension));
        }
    }

    /// <summary>
    /// Adds ∂L/∂parameters into <paramref name="gradient"/> given ∂L/∂output [SequenceLength, AudioDimension].
    /// <paramref name="scratch"/> (at least <see cref="RowActivations"/> floats) holds one row's activation gradients; without
    /// it one is allocated.
    /// </summary>
    public void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> saved, ReadOnlySpan<float> outputGradient, Span<float> gradient,
        Span<float> scratch = default)
    {
        Check(parameters.Length, ParameterCount, "parameters");
        Check(gradient.Length, ParameterCount, "gradient");
        Check(saved.Length, Settings.SequenceLength * RowActivations, "saved activations");
        Check(outputGradient.Length, Settings.SequenceLength * Settings.AudioDimension, "output gradient");
        var g = scratch.Length >= RowActivations ? scratch[..RowActivations] : new float[RowActivations];
        int convs = _convs.Length, length = _hiddenInput;
        int h0 = _starts[convs], h1 = h0 + length, h2 = h1 + Settings.Hidden;
        int p2 = ParameterCount - _fc2.ParameterCount, p1 = p2 - _fc1.ParameterCount;
        for (int row = 0; row < Settings.SequenceLength; row++)
        {
            var act = saved.Slice(row * RowActivations, RowActivations);
            g.Clear();
            outputGradient.Slice(row * Settings.AudioDimension, Settings.AudioDimension).CopyTo(g.Slice(h2, Settings.AudioDimension));
            _fc2.Backward(parameters.Slice(p2, _fc2.ParameterCount), act.Slice(h1, Settings.Hidden), g.Slice(h2, Settings.AudioDimension),
                gradient.Slice(p2, _fc2.ParameterCount), g.Slice(h1, Settings.Hidden));
            LeakyRelu.Backward(act.Slice(h1, Settings.Hidden), g.Slice(h1, Settings.Hidden));
            _fc1.Backward(parameters.Slice(p1, _fc1.ParameterCount), act.Slice(h0, length), g.Slice(h1, Settings.Hidden),
                gradient.Slice(p1, _fc1.ParameterCount), g.Slice(h0, length));
            int pOffset = p1;
            for (int k = convs - 1; k >= 0; k--)
            {
                pOffset -= _convs[k].ParameterCount;
                int outStart = _starts[k + 1], outLength = _convs[k].OutChannels * _lengths[k + 1];
                LeakyRelu.Backward(act.Slice(outStart, outLength), g.Slice(outStart, outLength));
                int inLength = outStart - _starts[k];
                _convs[k].Backward(parameters.Slice(pOffset, _convs[k].ParameterCount), act.Slice(_starts[k], inLength), _lengths[k],
                    g.Slice(outStart, outLength), gradient.Slice(pOffset, _convs[k].ParameterCount), g.Slice(_starts[k], inLength));
            }
        }
    }

    private static void Check(int actual, int expected, string what)
    {
        if (actual != expected) throw new ArgumentException($"AudioNet {what} has {actual} floats; expected {expected}.");
    }
}
