using TalkingGaussian.Compute;

namespace TalkingGaussian.Motion.Cpu;

/// <summary>
/// An <see cref="Mlp"/> (no biases, ReLU between layers) over a block of Gaussians, on <see cref="BlockGemm"/>.
/// Activations of the block are stored as the scalar reference stores one Gaussian's, layer after layer
/// (<see cref="Mlp.ActivationCount"/> rows), each row feature-major over the block's Gaussians.
/// The backward pass multiplies by each layer's transposed weights, copied once per backward call by <see cref="Transpose"/>.
/// </summary>
internal sealed unsafe class BlockMlp
{
    private readonly int[] _layerOffsets;
    private readonly PinnedArray<float> _transposed;

    /// <summary>The MLP whose weights start at <paramref name="weightOffset"/> of the field's flat parameters.</summary>
    public BlockMlp(Mlp mlp, int weightOffset)
    {
        Mlp = mlp;
        WeightOffset = weightOffset;
        _layerOffsets = new int[mlp.Layers + 1];
        for (int k = 0; k < mlp.Layers; k++) _layerOffsets[k + 1] = _layerOffsets[k] + mlp.LayerInput(k) * mlp.LayerOutput(k);
        _transposed = new PinnedArray<float>(mlp.ParameterCount);
    }

    /// <summary>The shape.</summary>
    public Mlp Mlp { get; }

    /// <summary>First weight within the field's parameters.</summary>
    public int WeightOffset { get; }

    /// <summary>Rows of scratch <see cref="Backward"/> needs in each of its two buffers.</summary>
    public int ScratchRows => Math.Max(Mlp.Hidden, Mlp.Output);

    /// <summary>Row offset of the output layer within the activations.</summary>
    public int OutputRow => (Mlp.Layers - 1) * Mlp.Hidden;

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

    /// <summary>Forward pass of the block: <paramref name="input"/> [Input, width] → <paramref name="activations"/> [ActivationCount, width].</summary>
    public void Forward(float* parameters, float* input, float* activations, int width)
    {
        float* w = parameters + WeightOffset;
        for (int k = 0; k < Mlp.Layers; k++)
        {
            float* x = k == 0 ? input : activations + (k - 1) * Mlp.Hidden * width;
            bool relu = k < Mlp.Layers - 1 || Mlp.ReluOutput;
            BlockGemm.Multiply(w + _layerOffsets[k], Mlp.LayerOutput(k), Mlp.LayerInput(k), x,
                activations + k * Mlp.Hidden * width, width, relu ? Epilogue.Relu : Epilogue.Store);
        }
    }

    /// <summary>
    /// Backward pass of the block from ∂L/∂output <paramref name="outputGradient"/> [Output, width]: adds ∂L/∂W summed over the
    /// block into <paramref name="gradient"/> (the field's flat layout) and writes (<see cref="Epilogue.Store"/>) or adds
    /// (<see cref="Epilogue.Add"/>) ∂L/∂input into <paramref name="inputGradient"/> [Input, width]. ReLU masks come from the
    /// saved activations (y &gt; 0 ⇔ z &gt; 0). <paramref name="scratchA"/> and <paramref name="scratchB"/> hold
    /// <see cref="ScratchRows"/> rows each. <see cref="Transpose"/> must have run for the same parameters.
    /// </summary>
    public void Backward(float* input, float* activations, float* outputGradient, float* gradient, float* inputGradient,
        Epilogue inputEpilogue, float* scratchA, float* scratchB, int width)
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
            float* x = k == 0 ? input : activations + (k - 1) * Mlp.Hidden * width;
            BlockGemm.AddOuterProducts(delta, nOut, x, nIn, dw + _layerOffsets[k], width);
            if (k == 0)
            {
                BlockGemm.Multiply(wt + _layerOffsets[k], nIn, nOut, delta, inputGradient, width, inputEpilogue);
                break;
            }
            float* next = delta == scratchA ? scratchB : scratchA;
            BlockGemm.Multiply(wt + _layerOffsets[k], nIn, nOut, delta, next, width, Epilogue.MaskPositive, x);
            delta = next;
        }
    }
}
