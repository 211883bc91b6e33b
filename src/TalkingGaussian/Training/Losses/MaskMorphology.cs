using System.Buffers;

namespace TalkingGaussian.Training.Losses;

/// <summary>
/// Binary morphology on [H, W] row-major masks. The released face script closes the mouth mask late in training
/// (it &gt; 47000, shared/reference/original-code.md §5.1) so that thin gaps between the lips count as mouth.
/// </summary>
public static class MaskMorphology
{
    /// <summary>
    /// 3×3 closing as the released code does it: a max-pool (dilation), then a min-pool (erosion), kernel 3, stride 1,
    /// padding 1. PyTorch pads a max-pool with −∞, and the min-pool is a max-pool of the negated mask, so both see only
    /// the in-image neighbours: a pixel on the border is not eroded by the outside.
    /// </summary>
    /// <param name="mask">[H, W] input.</param>
    /// <param name="width">W.</param>
    /// <param name="height">H.</param>
    /// <param name="output">[H, W] output; may not overlap <paramref name="mask"/>.</param>
    public static void Close3x3(ReadOnlySpan<bool> mask, int width, int height, Span<bool> output)
    {
        if (width <= 0 || height <= 0 || mask.Length != width * height)
            throw new ArgumentException($"The mask holds {mask.Length} pixels; an [H, W] = [{height}, {width}] mask holds {(long)width * height}.", nameof(mask));
        if (output.Length != mask.Length)
            throw new ArgumentException($"The output holds {output.Length} pixels; it must match the mask ({mask.Length}).", nameof(output));
        if (mask.Overlaps(output)) throw new ArgumentException("The output must not overlap the mask.", nameof(output));
        var dilated = ArrayPool<bool>.Shared.Rent(mask.Length);
        try
        {
            Pool(mask, width, height, dilated, any: true);
            Pool(dilated.AsSpan(0, mask.Length), width, height, output, any: false);
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(dilated);
        }
    }

    /// <summary>3×3 pool over the in-image neighbours: OR (max) when <paramref name="any"/>, else AND (min).</summary>
    private static void Pool(ReadOnlySpan<bool> input, int width, int height, Span<bool> output, bool any)
    {
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            bool result = !any;
            for (int yy = Math.Max(0, y - 1); yy <= Math.Min(height - 1, y + 1); yy++)
            for (int xx = Math.Max(0, x - 1); xx <= Math.Min(width - 1, x + 1); xx++)
                result = any ? result | input[yy * width + xx] : result & input[yy * width + xx];
            output[y * width + x] = result;
        }
    }
}
