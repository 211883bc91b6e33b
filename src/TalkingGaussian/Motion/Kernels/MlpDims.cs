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

    /// <summary>Describes <paramref name="mlp"/> with the given offsets.</summary>
    public static MlpDims Of(Mlp mlp, int weightOffset, int inOffset, int hiddenOffset, int deltaOffset) => new()
    {
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
}
