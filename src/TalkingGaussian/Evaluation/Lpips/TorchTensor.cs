namespace TalkingGaussian.Evaluation.Lpips;

/// <summary>A tensor read from a PyTorch checkpoint, converted to float32, in C order.</summary>
/// <param name="Shape">Sizes, outermost first.</param>
/// <param name="Data">Values in C (row-major) order.</param>
public sealed record TorchTensor(int[] Shape, float[] Data)
{
    /// <summary>The shape as "[64, 3, 11, 11]".</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
