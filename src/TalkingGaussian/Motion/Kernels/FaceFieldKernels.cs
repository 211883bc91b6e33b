using ILGPU;

namespace TalkingGaussian.Motion.Kernels;

/// <summary>
/// Where each quantity of one Gaussian lives in the face kernels' scratch and context rows (computed on the host by
/// <see cref="FaceMotionKernels"/>): [H(μ) | a_r | e_r | V_a MLP outputs | V_e MLP outputs | sigma outputs | deltas of the
/// three MLPs], then (scratch only) ∂L/∂(sigma input) and ∂L/∂μ.
/// </summary>
public struct FaceKernelLayout
{
    public MlpDims AudioAttention, EyeAttention, Sigma;
    public int Encoded, Audio, Expression;
    public int AudioRegion, ExpressionRegion;
    public int ForwardLength, Row, InputGradient, PositionGradient;
    /// <summary>Floats between consecutive Gaussians of a mini-batch in the scratch array; Gaussians per mini-batch.</summary>
    public int Stride, Batch;
    public float PositionScale;
}

/// <summary>
/// The face field's per-Gaussian kernels (paper Eq. 6): explicitly grouped, grid-stride over contiguous chunks of
/// Gaussians (coarse on the CPU accelerator, one per thread on CUDA), one scratch array per thread allocated before the loop.
/// </summary>
internal static class FaceFieldKernels
{
    /// <summary>Largest A + Ed (the per-frame gradient partial sums).</summary>
    public const int MaxFrame = 64;

    /// <summary>Forward: δ_i = MLP(H(μ_i) ⊕ V_a ⊙ a ⊕ V_e ⊙ e), ‖V_a‖, ‖V_e‖; saves the row when <paramref name="saveContext"/> ≠ 0.</summary>
    /// <param name="means">[N, 3] canonical means μ (the field's input).</param>
    /// <param name="p">The field's parameters.</param>
    /// <param name="grid">Level table.</param>
    /// <param name="l">Row layout.</param>
    /// <param name="frame">[A + Ed] a, then the encoded expression.</param>
    /// <param name="deltas">[N, 11] output δ.</param>
    /// <param name="attention">[N, 2] output ‖V_a‖, ‖V_e‖.</param>
    /// <param name="context">[N, Row] saved rows (or unused when not saving).</param>
    /// <param name="saveContext">1 to save the rows for the backward pass.</param>
    /// <param name="n">Gaussians.</param>
    /// <param name="chunk">Gaussians per chunk.</param>
    public static void Forward<TScratch>(ArrayView<float> means, ArrayView<float> p, TriPlaneView grid, FaceKernelLayout l, ArrayView<float> frame,
        ArrayView<float> deltas, ArrayView<float> attention, ArrayView<float> context, int saveContext, int n, int chunk)
        where TScratch : struct, IScratchShape
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X;
        var s = default(TScratch).NewScratch();
        var levelScales = new float[TriPlaneKernelMath.MaxLevels];
        var levelInfo = new int[4 * TriPlaneKernelMath.MaxLevels];
        TriPlaneKernelMath.LoadLevels(grid, levelScales, levelInfo);
        var weightRow = new float[MlpKernelMath.MaxInput];
        int va = l.AudioAttention.OutputOffset, ve = l.EyeAttention.OutputOffset, h = l.Sigma.OutputOffset, r = l.Stride;
        for (int b = t * chunk; b < n; b += threads * chunk)
        {
            int e = Math.Min(n, b + chunk);
            for (int i0 = b; i0 < e; i0 += l.Batch)
            {
                int count = Math.Min(l.Batch, e - i0);
                for (int j = 0; j < count; j++)
                {
                    int i = i0 + j;
                    TriPlaneKernelMath.Encode(p, grid, levelScales, levelInfo, means[3 * i], means[3 * i + 1], means[3 * i + 2], s, j * r); // H^F(μ)
                }
                MlpKernelMath.Forward(p, l.AudioAttention, s, r, count, weightRow); // V_a
                MlpKernelMath.Forward(p, l.EyeAttention, s, r, count, weightRow);   // V_e
                for (int j = 0; j < count; j++)
                {
                    int o = j * r, i = i0 + j;
                    float na = 0f, ne = 0f;
                    for (int k = 0; k < l.Audio; k++)
                    {
                        float v = s[o + va + k];
                        s[o + l.AudioRegion + k] = v * frame[k]; // a_r = V_a ⊙ a
                        na += v * v;
                    }
                    for (int k = 0; k < l.Expression; k++)
                    {
                        float v = s[o + ve + k];
                        s[o + l.ExpressionRegion + k] = v * frame[l.Audio + k]; // e_r = V_e ⊙ e
                        ne += v * v;
                    }
                    attention[2 * i] = MathF.Sqrt(na);
                    attention[2 * i + 1] = MathF.Sqrt(ne);
                }
                MlpKernelMath.Forward(p, l.Sigma, s, r, count, weightRow); // δ = MLP(H ⊕ a_r ⊕ e_r)
                for (int j = 0; j < count; j++)
                {
                    int o = j * r, i = i0 + j;
                    for (int k = 0; k < MotionDeltas.FaceStride; k++)
                        deltas[MotionDeltas.FaceStride * i + k] = k < 3 ? s[o + h + k] * l.PositionScale : s[o + h + k];
                    if (saveContext != 0)
                        for (int k = 0; k < l.ForwardLength; k++) context[i * l.Row + k] = s[o + k];
                }
            }
        }
    }

    /// <summary>
    /// Backward per Gaussian: deltas of the three MLPs into the context rows (for <see cref="WeightGradientKernel"/>),
    /// ∂L/∂table by atomic adds, ∂L/∂μ through H into <paramref name="meanGradient"/>, and Σ_i ∂L/∂(a, e) into
    /// <paramref name="frameGradient"/> (per-thread partial sums, one atomic add per thread).
    /// </summary>
    public static void Backward<TScratch>(ArrayView<float> means, ArrayView<float> p, ArrayView<float> pT, ArrayView<float> gp, TriPlaneView grid, FaceKernelLayout l,
        ArrayView<float> frame, ArrayView<float> deltaGradient, ArrayView<float> attentionGradient, ArrayView<float> context,
        ArrayView<float> meanGradient, ArrayView<float> frameGradient, int n, int chunk)
        where TScratch : struct, IScratchShape
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X;
        var s = default(TScratch).NewScratch();
        var levelScales = new float[TriPlaneKernelMath.MaxLevels];
        var levelInfo = new int[4 * TriPlaneKernelMath.MaxLevels];
        TriPlaneKernelMath.LoadLevels(grid, levelScales, levelInfo);
        var weightRow = new float[MlpKernelMath.MaxInput];
        var partial = new float[MaxFrame];
        int frameLength = l.Audio + l.Expression;
        for (int k = 0; k < frameLength; k++) partial[k] = 0f;
        int va = l.AudioAttention.OutputOffset, ve = l.EyeAttention.OutputOffset, r = l.Stride;
        int sigmaOut = l.Sigma.DeltaOffset + (l.Sigma.Layers - 1) * l.Sigma.Hidden;
        int attOut = l.AudioAttention.DeltaOffset + (l.AudioAttention.Layers - 1) * l.AudioAttention.Hidden;
        int eyeOut = l.EyeAttention.DeltaOffset + (l.EyeAttention.Layers - 1) * l.EyeAttention.Hidden;
        int g = l.InputGradient, e = l.Encoded, a = l.Audio, pg = l.PositionGradient;
        for (int b = t * chunk; b < n; b += threads * chunk)
        {
            int end = Math.Min(n, b + chunk);
            for (int i0 = b; i0 < end; i0 += l.Batch)
            {
                int count = Math.Min(l.Batch, end - i0);
                for (int j = 0; j < count; j++)
                {
                    int o = j * r, i = i0 + j;
                    for (int k = 0; k < l.ForwardLength; k++) s[o + k] = context[i * l.Row + k];
                    for (int k = 0; k < MotionDeltas.FaceStride; k++)
                    {
                        float gk = deltaGradient[MotionDeltas.FaceStride * i + k];
                        s[o + sigmaOut + k] = k < 3 ? gk * l.PositionScale : gk;
                    }
                    for (int k = 0; k < l.Sigma.In; k++) s[o + g + k] = 0f;
                }
                MlpKernelMath.Backward(pT, l.Sigma, s, r, count, g, weightRow); // ∂L/∂[H | a_r | e_r]
                for (int j = 0; j < count; j++)
                {
                    int o = j * r, i = i0 + j;
                    float na = 0f, ne = 0f;
                    for (int k = 0; k < a; k++) na += s[o + va + k] * s[o + va + k];
                    for (int k = 0; k < l.Expression; k++) ne += s[o + ve + k] * s[o + ve + k];
                    na = MathF.Sqrt(na);
                    ne = MathF.Sqrt(ne);
                    float gna = na > 0f ? attentionGradient[2 * i] / na : 0f, gne = ne > 0f ? attentionGradient[2 * i + 1] / ne : 0f;
                    for (int k = 0; k < a; k++)
                    {
                        float gr = s[o + g + e + k], v = s[o + va + k];
                        s[o + attOut + k] = gr * frame[k] + gna * v; // ∂L/∂V_a (region feature and ‖V_a‖)
                        partial[k] += gr * v;                        // ∂L/∂a
                    }
                    for (int k = 0; k < l.Expression; k++)
                    {
                        float gr = s[o + g + e + a + k], v = s[o + ve + k];
                        s[o + eyeOut + k] = gr * frame[a + k] + gne * v;
                        partial[a + k] += gr * v;
                    }
                }
                MlpKernelMath.Backward(pT, l.AudioAttention, s, r, count, g, weightRow); // adds into ∂L/∂H (the first E floats at g)
                MlpKernelMath.Backward(pT, l.EyeAttention, s, r, count, g, weightRow);
                for (int j = 0; j < count; j++)
                {
                    int o = j * r, i = i0 + j;
                    s[o + pg] = 0f;
                    s[o + pg + 1] = 0f;
                    s[o + pg + 2] = 0f;
                    TriPlaneKernelMath.Backward(p, gp, grid, levelScales, levelInfo, means[3 * i], means[3 * i + 1], means[3 * i + 2], s, o + g, o + pg);
                    meanGradient[3 * i] = s[o + pg];
                    meanGradient[3 * i + 1] = s[o + pg + 1];
                    meanGradient[3 * i + 2] = s[o + pg + 2];
                    for (int k = l.ForwardLength; k < l.Row; k++) context[i * l.Row + k] = s[o + k];
                }
            }
        }
        for (int k = 0; k < frameLength; k++)
            if (partial[k] != 0f) Atomic.Add(ref frameGradient[k], partial[k]);
    }
}
