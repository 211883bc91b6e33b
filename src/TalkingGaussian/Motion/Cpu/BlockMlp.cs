using TalkingGaussian.Compute;

namespace TalkingGaussian.Motion.Cpu;

/// <summary>
/// An <see cref="Mlp"/> (no biases, ReLU between layers) over a block of Gaussians, on <see cref="BlockGemm"/>.
/// Activations of the block are stored as the scalar reference stores one Gaussian's, layer after layer
/// (<see cref="Mlp.ActivationCount"/> rows), each row feature-major over the block's Gaussians.
/// The backward pass multiplies by each layer's transposed weights, copied once per backward call by <see cref="Transpose"/>.
/// </summary>
/// <remarks>
/// The last <see cref="SharedInputs"/> inputs may be the same for every Gaussian (the mouth decoder's audio feature a): the
/// block then holds only the first <see cref="BlockInputs"/> input rows, the first layer's shared term W·a is one product per
/// call (<see cref="SharedTerm"/>), and its backward is a rank-one update from ∂L/∂z summed over the Gaussians
/// (<see cref="SharedBackward"/>), so that third of the decoder's work is not repeated per Gaussian.
/// </remarks>
internal sealed unsafe class BlockMlp
{
    private readonly int[] _layerOffsets;
    private readonly PinnedArray<float> _transposed;

    /// <summary>The MLP whose weights start at <paramref name="weightOffset"/> of the field's flat parameters.</summary>
    public BlockMlp(Mlp mlp, int weightOffset, int sharedInputs = 0)
    {
        if (sharedInputs < 0 || sharedInputs >= mlp.Input) throw new ArgumentOutOfRangeException(nameof(sharedInputs));
        Mlp = mlp;
        WeightOffset = weightOffset;
        SharedInputs = sharedInputs;
        _layerOffsets = new int[mlp.Layers + 1];
        for (int k = 0; k < mlp.Layers; k++) _layerOffsets[k + 1] = _layerOffsets[k] + mlp.LayerInput(k) * mlp.LayerOutput(k);
        _transposed = new PinnedArray<float>(mlp.ParameterCount);
    }

    /// <summary>The shape.</summary>
    public Mlp Mlp { get; }

    /// <summary>First weight within the field's parameters.</summary>
    public int WeightOffset { get; }

    /// <summary>Trailing inputs shared by every Gaussian of a call.</summary>
    public int SharedInputs { get; }

    /// <summary>Input rows a block holds (the per-Gaussian inputs).</summary>
    public int BlockInputs => Mlp.Input - SharedInputs;

    /// <summary>Rows of scratch <see cref="Backward"/> needs in each of its two buffers.</summary>
    public int ScratchRows => Math.Max(Mlp.Hidden, Mlp.Output);

    /// <summary>Row offset of the output layer within the activations.</summary>
    public int OutputRow => (Mlp.Layers - 1) * Mlp.Hidden;

    /// <summary>Width of the first layer (the length of the shared term and of its summed gradient).</summary>
    public int FirstLayerOutput => Mlp.LayerOutput(0);

    /// <summary>Copies Wᵀ of every layer ([in, out] row-major) from the field's <paramref name="parameters"/>.</summary>
    public void Transpose(ReadOnlySpan<float> parameters)
    {
        var t = _transposed.Span;
        for (int k = 0; k < Mlp.Layers; k++)
        {
            int nIn = Mlp.LayerInput(k), nOut = Mlp.LayerOutput(k), at = _layerOffsets[k];
            var w = parameters.Slice(WeightOffset + at, nIn * nOut);
            for (int o = 0; o < nOut; o++)
                for (int i = 0; i < nIn; i++) t[at + i * nOut + o] = w[o * nIn + i];
        }
    }

    /// <summary>term[o] = Σ_k W₀[o, BlockInputs + k]·shared[k]: the first layer's pre-activation part every Gaussian shares.</summary>
    public void SharedTerm(ReadOnlySpan<float> parameters, ReadOnlySpan<float> shared, Span<float> term)
    {
        var w = parameters.Slice(WeightOffset, Mlp.Input * FirstLayerOutput);
        for (int o = 0; o < FirstLayerOutput; o++)
        {
            float z = 0f;
            for (int k = 0; k < SharedInputs; k++) z += w[o * Mlp.Input + BlockInputs + k] * shared[k];
            term[o] = z;
        }
    }

    /// <summary>
    /// Backward of <see cref="SharedTerm"/> from <paramref name="deltaSum"/>[o] = Σ_Gaussians ∂L/∂z₀[o]: adds ∂L/∂W₀[o, shared k] =
    /// deltaSum[o]·shared[k] into <paramref name="gradient"/> and ∂L/∂shared = W₀ᵀ deltaSum into <paramref name="sharedGradient"/>.
    /// </summary>
    public void SharedBackward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> shared, ReadOnlySpan<float> deltaSum,
        Span<float> gradient, Span<float> sharedGradient)
    {
        var w = parameters.Slice(WeightOffset, Mlp.Input * FirstLayerOutput);
        var dw = gradient.Slice(WeightOffset, Mlp.Input * FirstLayerOutput);
        for (int o = 0; o < FirstLayerOutput; o++)
            for (int k = 0; k < SharedInputs; k++)
            {
                dw[o * Mlp.Input + BlockInputs + k] += deltaSum[o] * shared[k];
                sharedGradient[k] += w[o * Mlp.Input + BlockInputs + k] * deltaSum[o];
            }
    }

    /// <summary>
    /// Forward pass of the block: <paramref name="input"/> [BlockInputs, width] (plus <paramref name="sharedTerm"/> from
    /// <see cref="SharedTerm"/> when inputs are shared) → <paramref name="activations"/> [ActivationCount, width].
    /// </summary>
    public void Forward(float* parameters, float* input, float* activations, int width, float* sharedTerm = null)
    {
        float* w = parameters + WeightOffset;
        for (int k = 0; k < Mlp.Layers; k++)
        {
            float* x = k == 0 ? input : activations + (k - 1) * Mlp.Hidden * width;
            bool relu = k < Mlp.Layers - 1 || Mlp.ReluOutput;
            var weights = k == 0
                ? new Matrix(w, Mlp.LayerOutput(0), BlockInputs, Mlp.Input)
                : new Matrix(w + _layerOffsets[k], Mlp.LayerOutput(k), Mlp.LayerInput(k));
            BlockGemm.Multiply(weights, x, activations + k * Mlp.Hidden * width, width, relu ? Epilogue.Relu : Epilogue.Store,
                bias: k == 0 ? sharedTerm : null);
        }
    }

    /// <summary>
    /// Backward pass of the block from ∂L/∂output <paramref name="outputGradient"/> [Output, width]: adds ∂L/∂W summed over the
    /// block into <paramref name="gradient"/> (the field's flat layout) and writes (<see cref="Epilogue.Store"/>) or adds
    /// (<see cref="Epilogue.Add"/>) ∂L/∂input into <paramref name="inputGradient"/> [BlockInputs, width]; with shared inputs,
    /// adds Σ_Gaussians ∂L/∂z₀ into <paramref name="sharedDelta"/> [FirstLayerOutput] for <see cref="SharedBackward"/>.
    /// ReLU masks come from the saved activations (y &gt; 0 ⇔ z &gt; 0). <paramref name="scratchA"/> and
    /// <paramref name="scratchB"/> hold <see cref="ScratchRows"/> rows each. <see cref="Transpose"/> must have run.
    /// </summary>
    public void Backward(float* input, float* activations, float* outputGradient, float* gradient, float* inputGradient,
        Epilogue inputEpilogue, float* scratchA, float* scratchB, int width, float* sharedDelta = null)
    {
        float* delta = outputGradient;
        float* dw = gradient + WeightOffset;
        float* wt = _transposed.Pointer;
        if (Mlp.ReluOutput)
        {
            float* y = activations + OutputRow * width;
            for (int r = 0; r < Mlp.Output * width; r++) scratchA[r] = y[r] > 0f ? delta[r] : 0f;
            delta = scratchA;
        }
        for (int k = Mlp.Layers - 1; k >= 0; k--)
        {
            int nIn = Mlp.LayerInput(k), nOut = Mlp.LayerOutput(k);
            if (k == 0)
            {
                BlockGemm.AddOuterProducts(delta, input, new Matrix(dw, nOut, BlockInputs, Mlp.Input), width);
                if (SharedInputs > 0)
                    for (int o = 0; o < nOut; o++) sharedDelta[o] += BlockGemm.Sum(delta + o * width, width);
                BlockGemm.Multiply(new Matrix(wt, BlockInputs, nOut), delta, inputGradient, width, inputEpilogue);
                break;
            }
            float* x = activations + (k - 1) * Mlp.Hidden * width;
            BlockGemm.AddOuterProducts(delta, x, new Matrix(dw + _layerOffsets[k], nOut, nIn), width);
            float* next = delta == scratchA ? scratchB : scratchA;
            BlockGemm.Multiply(new Matrix(wt + _layerOffsets[k], nIn, nOut), delta, next, width, Epilogue.MaskPositive, x);
            delta = next;
        }
    }
}
