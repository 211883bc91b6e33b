namespace TalkingGaussian.Motion.Kernels;

/// <summary>
/// One bias-free MLP as a kernel sees it: shape, where its weights start in the parameter view, and where its input,
/// layer outputs and per-layer deltas (∂L/∂pre-activation) live in a Gaussian's scratch / context row.
/// Layer k's output occupies [HiddenOffset + k·Hidden, +out_k); its delta [DeltaOffset + k·Hidden, +out_k).
/// </summary>
public struct MlpDims
{
    public int In, Hidden, Out, Layers, ReluOut;
    public int WeightOffset, InOffset, HiddenOffset, DeltaOffset;

    /// <summary>Where this MLP's transposed weights (layer k: Wᵀ[in, out], same block offsets) start in the transposed view.</summary>
    public int TransposedOffset;

    /// <summary>Describes <paramref name="mlp"/> with the given offsets.</summary>
    public static MlpDims Of(Mlp mlp, int weightOffset, int inOffset, int hiddenOffset, int deltaOffset, int transposedOffset) => new()
    {
        TransposedOffset = transposedOffset,
        In = mlp.Input,
        Hidden = mlp.Hidden,
        Out = mlp.Output,
        Layers = mlp.Layers,
        ReluOut = mlp.ReluOutput ? 1 : 0,
        WeightOffset = weightOffset,
        InOffset = inOffset,
        HiddenOffset = hiddenOffset,
        DeltaOffset = deltaOffset,
    };

    /// <summary>Offset of the MLP's output in the row.</summary>
    public readonly int OutputOffset => HiddenOffset + (Layers - 1) * Hidden;

    /// <summary>Floats of layer outputs: (L−1)·hidden + out.</summary>
    public readonly int ActivationCount => (Layers - 1) * Hidden + Out;

    /// <summary>
    /// Writes each layer's Wᵀ (row i = the weights leaving input i) of the MLP whose weights start at
    /// <see cref="WeightOffset"/> in <paramref name="parameters"/> into <paramref name="transposed"/> at <see cref="TransposedOffset"/>,
    /// so the backward pass reads contiguous rows for ∂L/∂x = Wᵀδ.
    /// </summary>
    public readonly void Transpose(ReadOnlySpan<float> parameters, Span<float> transposed)
    {
        int w = WeightOffset, t = TransposedOffset;
        for (int k = 0; k < Layers; k++)
        {
            int nIn = k == 0 ? In : Hidden, nOut = k == Layers - 1 ? Out : Hidden;
            for (int o = 0; o < nOut; o++)
                for (int i = 0; i < nIn; i++) transposed[t + i * nOut + o] = parameters[w + o * nIn + i];
            w += nIn * nOut;
            t += nIn * nOut;
        }
    }
}
