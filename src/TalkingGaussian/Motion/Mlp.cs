namespace TalkingGaussian.Motion;

/// <summary>
/// A multilayer perceptron without biases, ReLU between layers and (unless <see cref="ReluOutput"/>) none after the last:
/// the decoders of the motion fields (paper Eq. 3, 6, 7; original-code.md §4.3 "MLP(in, out, hidden, n)").
/// Scalar reference; weights are PyTorch Linear layout W[out, in], row-major, layer after layer in one flat span.
/// </summary>
/// <param name="Input">Input width.</param>
/// <param name="Hidden">Width of the hidden layers.</param>
/// <param name="Output">Output width.</param>
/// <param name="Layers">Number of linear layers (≥ 1).</param>
/// <param name="ReluOutput">Apply ReLU after the last layer too (the eye attention V_e = ReLU(MLP)).</param>
public sealed record Mlp(int Input, int Hidden, int Output, int Layers, bool ReluOutput = false)
{
    /// <summary>Input width of layer <paramref name="k"/>.</summary>
    public int LayerInput(int k) => k == 0 ? Input : Hidden;

    /// <summary>Output width of layer <paramref name="k"/>.</summary>
    public int LayerOutput(int k) => k == Layers - 1 ? Output : Hidden;

    /// <summary>Σ in_k·out_k weights.</summary>
    public int ParameterCount
    {
        get
        {
            int n = 0;
            for (int k = 0; k < Layers; k++) n += LayerInput(k) * LayerOutput(k);
            return n;
        }
    }

    /// <summary>Floats of every layer's output: (L−1)·hidden + output.</summary>
    public int ActivationCount => (Layers - 1) * Hidden + Output;

    /// <summary>Multiply-adds per sample (a flop count is twice this).</summary>
    public long MultiplyAdds => ParameterCount;

    /// <summary>Throws on a non-positive size.</summary>
    public void Validate()
    {
        if (Input < 1 || Output < 1 || Layers < 1 || (Layers > 1 && Hidden < 1))
            throw new ArgumentOutOfRangeException(nameof(Layers), $"Invalid MLP shape {this}.");
    }

    /// <summary>PyTorch's default Linear initialisation (Kaiming-uniform, a = √5): W ~ U(±1/√fan_in).</summary>
    public void Initialize(Span<float> weights, Random rng)
    {
        CheckWeights(weights.Length);
        int offset = 0;
        for (int k = 0; k < Layers; k++)
        {
            int fanIn = LayerInput(k), count = fanIn * LayerOutput(k);
            UniformInit.Fill(weights.Slice(offset, count), 1.0 / Math.Sqrt(fanIn), rng);
            offset += count;
        }
    }

    /// <summary>
    /// Forward: writes each layer's output (after its activation) into <paramref name="activations"/>
    /// (<see cref="ActivationCount"/> floats); the MLP output is its last <see cref="Output"/> floats.
    /// </summary>
    public void Forward(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, Span<float> activations)
    {
        CheckWeights(weights.Length);
        if (input.Length != Input) throw new ArgumentException($"MLP input has {input.Length} floats; expected {Input}.");
        if (activations.Length != ActivationCount) throw new ArgumentException($"MLP activations have {activations.Length} floats; expected {ActivationCount}.");
        int wOffset = 0;
        for (int k = 0; k < Layers; k++)
        {
            int nIn = LayerInput(k), nOut = LayerOutput(k);
            ReadOnlySpan<float> x = k == 0 ? input : activations.Slice((k - 1) * Hidden, nIn);
            var y = activations.Slice(k * Hidden, nOut);
            bool relu = k < Layers - 1 || ReluOutput;
            for (int o = 0; o < nOut; o++)
            {
                float z = 0f;
                for (int i = 0; i < nIn; i++) z += weights[wOffset + o * nIn + i] * x[i];
                y[o] = relu ? MathF.Max(z, 0f) : z;
            }
            wOffset += nIn * nOut;
        }
    }

    /// <summary>The output slice of <paramref name="activations"/>.</summary>
    public ReadOnlySpan<float> OutputOf(ReadOnlySpan<float> activations) => activations.Slice((Layers - 1) * Hidden, Output);

    /// <summary>
    /// Backward: given ∂L/∂output, adds ∂L/∂W into <paramref name="weightGradient"/> and ∂L/∂input into
    /// <paramref name="inputGradient"/>. ReLU masks come from the saved activations (y &gt; 0 ⇔ z &gt; 0).
    /// </summary>
    public void Backward(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, ReadOnlySpan<float> activations,
        ReadOnlySpan<float> outputGradient, Span<float> weightGradient, Span<float> inputGradient)
    {
        CheckWeights(weights.Length);
        CheckWeights(weightGradient.Length);
        if (outputGradient.Length != Output) throw new ArgumentException($"MLP output gradient has {outputGradient.Length} floats; expected {Output}.");
        if (inputGradient.Length != Input) throw new ArgumentException($"MLP input gradient has {inputGradient.Length} floats; expected {Input}.");
        int width = Math.Max(Math.Max(Input, Output), Hidden);
        Span<float> delta = width <= 512 ? stackalloc float[width] : new float[width];
        Span<float> previous = width <= 512 ? stackalloc float[width] : new float[width];
        int wOffset = ParameterCount;
        for (int k = Layers - 1; k >= 0; k--)
        {
            int nIn = LayerInput(k), nOut = LayerOutput(k);
            wOffset -= nIn * nOut;
            var y = activations.Slice(k * Hidden, nOut);
            bool relu = k < Layers - 1 || ReluOutput;
            for (int o = 0; o < nOut; o++)
            {
                float g = k == Layers - 1 ? outputGradient[o] : previous[o];
                delta[o] = relu && y[o] <= 0f ? 0f : g;
            }
            ReadOnlySpan<float> x = k == 0 ? input : activations.Slice((k - 1) * Hidden, nIn);
            var gx = previous.Slice(0, nIn);
            gx.Clear();
            for (int o = 0; o < nOut; o++)
            {
                float d = delta[o];
                if (d == 0f) continue;
                for (int i = 0; i < nIn; i++)
                {
                    weightGradient[wOffset + o * nIn + i] += d * x[i];
                    gx[i] += weights[wOffset + o * nIn + i] * d;
                }
            }
        }
        for (int i = 0; i < Input; i++) inputGradient[i] += previous[i];
    }

    private void CheckWeights(int length)
    {
        if (length != ParameterCount) throw new ArgumentException($"MLP {this} has {ParameterCount} weights; got a span of {length}.");
    }
}
