using TalkingGaussian.Data;
using TalkingGaussian.Motion;

namespace TalkingGaussian.Training.Losses;

/// <summary>
/// The regularisers the released scripts add to Eq. 10 during motion learning (shared/reference/original-code.md §5.1 face,
/// §5.2 mouth), each a weighted mean whose gradient is added into a caller's buffer (scalar code: they touch N·11 deltas or
/// H·W pixels once). Values are summed in double. The derivative of |·| at 0 is 0, as PyTorch's.
/// </summary>
/// <remarks>
/// Released weights: deformation L1 1e-5 per block; alpha mask 1e-3 (face: the head mask; mouth: the lips box);
/// attention 1e-4 (eye-attention channel over the lips rectangle; both channels over the hair mask on the iterations
/// whose hair is not painted over).
/// </remarks>
public static class Regularizers
{
    /// <summary>
    /// Deformation L1 (§5.1): Σ over the blocks Δμ, Δq, Δα, Δs of <paramref name="weight"/>·mean|·|, each mean over its
    /// own N×k block of the packed [N, 11] <see cref="MotionDeltas"/> (Δμ already includes the ×0.01). A mouth layout
    /// [N, 3] has the Δμ block only (the released mouth script comments this term out). Adds ∂/∂δ into
    /// <paramref name="gradient"/>, which must have the same layout and N. Returns the value.
    /// </summary>
    public static float DeformationL1(MotionDeltas deltas, float weight, MotionDeltas gradient)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        ArgumentNullException.ThrowIfNull(gradient);
        int n = deltas.Count, stride = deltas.Stride;
        gradient.Check(n, stride, "The deformation gradient");
        if (n == 0) return 0f;
        double total = 0;
        foreach (var (offset, width) in deltas.HasRotationAndScale ? FaceBlocks : MouthBlocks)
        {
            double sum = 0;
            float k = weight / ((float)n * width);
            for (int i = 0; i < n; i++)
            for (int j = offset; j < offset + width; j++)
            {
                float d = deltas.Values[i * stride + j];
                sum += Math.Abs(d);
                gradient.Values[i * stride + j] += d > 0f ? k : d < 0f ? -k : 0f;
            }
            total += weight * sum / ((double)n * width);
        }
        return (float)total;
    }

    /// <summary>
    /// Alpha-mask term: <paramref name="weight"/>·[mean((1 − A)·M) + mean(A·¬M)], both means over H·W (§5.1 with
    /// M = the head mask, §5.2 with M = the lips box): pulls the rendered opacity A to 1 inside M and to 0 outside.
    /// Adds ∂/∂A = weight·(M ? −1 : +1)/(H·W) into <paramref name="gradient"/> unless it is empty.
    /// </summary>
    public static float AlphaMask(ReadOnlySpan<float> alpha, ReadOnlySpan<bool> inside, float weight, Span<float> gradient)
    {
        if (inside.Length != alpha.Length)
            throw new ArgumentException($"The mask holds {inside.Length} pixels; the alpha image holds {alpha.Length}. Both must be [H, W].", nameof(inside));
        CheckGradient(gradient, alpha.Length);
        if (alpha.IsEmpty) return 0f;
        double sum = 0;
        float k = weight / alpha.Length;
        for (int p = 0; p < alpha.Length; p++)
        {
            sum += inside[p] ? 1.0 - alpha[p] : alpha[p];
            if (!gradient.IsEmpty) gradient[p] += inside[p] ? -k : k;
        }
        return (float)(weight * sum / alpha.Length);
    }

    /// <summary>
    /// <paramref name="weight"/>·mean of <paramref name="plane"/> [H, W] over the rows and columns of
    /// <paramref name="rect"/> (ends exclusive, as the released <c>attn[lips_rect[0]:lips_rect[1], …]</c>), clipped to
    /// the image. 0 with no gradient when nothing is left.
    /// </summary>
    /// <remarks>
    /// PyTorch/numpy slicing would read a negative start as counting from the far edge (rows H − 3 … for −3), which for a
    /// rectangle crossing the top or left edge gives an empty slice and a NaN mean; an end past the edge is clipped. Here
    /// a negative start is clipped to 0, so the part of the rectangle inside the image is averaged, and an empty
    /// rectangle adds nothing instead of poisoning the loss with NaN.
    /// </remarks>
    public static float MeanInRectangle(ReadOnlySpan<float> plane, int width, int height, LipsRectangle rect, float weight, Span<float> gradient)
    {
        if (width <= 0 || height <= 0 || plane.Length != width * height)
            throw new ArgumentException($"The plane holds {plane.Length} floats; an [H, W] = [{height}, {width}] plane holds {width * height}.", nameof(plane));
        CheckGradient(gradient, plane.Length);
        int r0 = Math.Max(0, rect.RowStart), r1 = Math.Min(height, rect.RowEnd);
        int c0 = Math.Max(0, rect.ColStart), c1 = Math.Min(width, rect.ColEnd);
        if (r1 <= r0 || c1 <= c0) return 0f;
        int count = (r1 - r0) * (c1 - c0);
        float k = weight / count;
        double sum = 0;
        for (int r = r0; r < r1; r++)
        for (int c = c0; c < c1; c++)
        {
            sum += plane[r * width + c];
            if (!gradient.IsEmpty) gradient[r * width + c] += k;
        }
        return (float)(weight * sum / count);
    }

    /// <summary>
    /// <paramref name="weight"/>·mean of <paramref name="plane"/> over the pixels where <paramref name="mask"/> is true
    /// (the released <c>attn[0][hair_mask].mean()</c>). 0 with no gradient when the mask is empty (PyTorch would give NaN).
    /// </summary>
    public static float MeanInMask(ReadOnlySpan<float> plane, ReadOnlySpan<bool> mask, float weight, Span<float> gradient)
    {
        if (mask.Length != plane.Length)
            throw new ArgumentException($"The mask holds {mask.Length} pixels; the plane holds {plane.Length}. Both must be [H, W].", nameof(mask));
        CheckGradient(gradient, plane.Length);
        int count = 0;
        double sum = 0;
        for (int p = 0; p < plane.Length; p++)
            if (mask[p])
            {
                count++;
                sum += plane[p];
            }
        if (count == 0) return 0f;
        if (!gradient.IsEmpty)
        {
            float k = weight / count;
            for (int p = 0; p < plane.Length; p++)
                if (mask[p]) gradient[p] += k;
        }
        return (float)(weight * sum / count);
    }

    /// <summary>(offset, width) of the blocks of a face deltas row: Δμ, Δq, Δα, Δs.</summary>
    private static readonly (int Offset, int Width)[] FaceBlocks =
    [
        (MotionDeltas.TranslationOffset, 3), (MotionDeltas.RotationOffset, 4), (MotionDeltas.OpacityOffset, 1), (MotionDeltas.ScaleOffset, 3),
    ];

    /// <summary>The one block of a mouth deltas row: Δμ.</summary>
    private static readonly (int Offset, int Width)[] MouthBlocks = [(MotionDeltas.TranslationOffset, 3)];

    private static void CheckGradient(Span<float> gradient, int length)
    {
        if (!gradient.IsEmpty && gradient.Length != length)
            throw new ArgumentException($"The gradient holds {gradient.Length} floats; pass an empty span or one of {length} (the input's layout).", nameof(gradient));
    }
}
