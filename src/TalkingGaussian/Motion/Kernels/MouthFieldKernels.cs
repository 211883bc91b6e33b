using ILGPU;

namespace TalkingGaussian.Motion.Kernels;

/// <summary>
/// Where each quantity of one Gaussian lives in the mouth kernels' rows: [H^M(μ) | a | sigma outputs | sigma deltas],
/// then (scratch only) ∂L/∂(sigma input) and ∂L/∂μ.
/// </summary>
public struct MouthKernelLayout
{
    public MlpDims Sigma;
    public int Encoded, Audio;
    public int ForwardLength, Row, InputGradient, PositionGradient;
    /// <summary>Floats between consecutive Gaussians of a mini-batch in the scratch array; Gaussians per mini-batch.</summary>
    public int Stride, Batch;
    public float ScaleX, ScaleY, ScaleZ;
}

/// <summary>The mouth field's per-Gaussian kernels (paper Eq. 7), in the same style as <see cref="FaceFieldKernels"/>.</summary>
internal static class MouthFieldKernels
{
    /// <summary>Largest audio width A.</summary>
    public const int MaxAudio = 64;

    /// <summary>Forward: Δμ_i = MLP(H^M(μ_i) ⊕ a) × (sx, sy, sz).</summary>
    /// <param name="means">[N, 3] canonical means.</param>
    /// <param name="p">The field's parameters.</param>
    /// <param name="grid">Level table.</param>
    /// <param name="l">Row layout.</param>
    /// <param name="frame">[A] the attended audio feature a.</param>
    /// <param name="deltas">[N, 3] output Δμ.</param>
    /// <param name="context">[N, Row] saved rows.</param>
    /// <param name="saveContext">1 to save rows.</param>
    /// <param name="n">Gaussians.</param>
    /// <param name="chunk">Gaussians per chunk.</param>
    public static void Forward<TScratch>(ArrayView<float> means, ArrayView<float> p, TriPlaneView grid, MouthKernelLayout l, ArrayView<float> frame,
        ArrayView<float> deltas, ArrayView<float> context, int saveContext, int n, int chunk)
        where TScratch : struct, IScratchShape
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X;
        var s = default(TScratch).NewScratch();
        var levelScales = new float[TriPlaneKernelMath.MaxLevels];
        var levelInfo = new int[4 * TriPlaneKernelMath.MaxLevels];
        TriPlaneKernelMath.LoadLevels(grid, levelScales, levelInfo);
        var weightRow = new float[MlpKernelMath.MaxInput];
        int h = l.Sigma.OutputOffset, r = l.Stride;
        for (int b = t * chunk; b < n; b += threads * chunk)
        {
            int e = Math.Min(n, b + chunk);
            for (int i0 = b; i0 < e; i0 += l.Batch)
            {
                int count = Math.Min(l.Batch, e - i0);
                for (int j = 0; j < count; j++)
                {
                    int i = i0 + j, o = j * r;
                    TriPlaneKernelMath.Encode(p, grid, levelScales, levelInfo, means[3 * i], means[3 * i + 1], means[3 * i + 2], s, o); // H^M(μ)
                    for (int k = 0; k < l.Audio; k++) s[o + l.Encoded + k] = frame[k];                         // ⊕ a
                }
                MlpKernelMath.Forward(p, l.Sigma, s, r, count, weightRow);
                for (int j = 0; j < count; j++)
                {
                    int i = i0 + j, o = j * r;
                    deltas[3 * i] = s[o + h] * l.ScaleX;
                    deltas[3 * i + 1] = s[o + h + 1] * l.ScaleY;
                    deltas[3 * i + 2] = s[o + h + 2] * l.ScaleZ;
                    if (saveContext != 0)
                        for (int k = 0; k < l.ForwardLength; k++) context[i * l.Row + k] = s[o + k];
                }
            }
        }
    }

    /// <summary>Backward per Gaussian: sigma deltas into the context rows, ∂L/∂table (atomics), ∂L/∂μ, Σ_i ∂L/∂a.</summary>
    public static void Backward<TScratch>(ArrayView<float> means, ArrayView<float> p, ArrayView<float> pT, ArrayView<float> gp, TriPlaneView grid, MouthKernelLayout l,
        ArrayView<float> deltaGradient, ArrayView<float> context, ArrayView<float> meanGradient, ArrayView<float> frameGradient, int n, int chunk)
        where TScratch : struct, IScratchShape
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X;
        var s = default(TScratch).NewScratch();
        var levelScales = new float[TriPlaneKernelMath.MaxLevels];
        var levelInfo = new int[4 * TriPlaneKernelMath.MaxLevels];
        TriPlaneKernelMath.LoadLevels(grid, levelScales, levelInfo);
        var weightRow = new float[MlpKernelMath.MaxInput];
        var partial = new float[MaxAudio];
        for (int k = 0; k < l.Audio; k++) partial[k] = 0f;
        int sigmaOut = l.Sigma.DeltaOffset + (l.Sigma.Layers - 1) * l.Sigma.Hidden;
        int g = l.InputGradient, pg = l.PositionGradient, r = l.Stride;
        for (int b = t * chunk; b < n; b += threads * chunk)
        {
            int end = Math.Min(n, b + chunk);
            for (int i0 = b; i0 < end; i0 += l.Batch)
            {
                int count = Math.Min(l.Batch, end - i0);
                for (int j = 0; j < count; j++)
                {
                    int i = i0 + j, o = j * r;
                    for (int k = 0; k < l.ForwardLength; k++) s[o + k] = context[i * l.Row + k];
                    s[o + sigmaOut] = deltaGradient[3 * i] * l.ScaleX;
                    s[o + sigmaOut + 1] = deltaGradient[3 * i + 1] * l.ScaleY;
                    s[o + sigmaOut + 2] = deltaGradient[3 * i + 2] * l.ScaleZ;
                    for (int k = 0; k < l.Sigma.In; k++) s[o + g + k] = 0f;
                }
                MlpKernelMath.Backward(pT, l.Sigma, s, r, count, g, weightRow);
                for (int j = 0; j < count; j++)
                {
                    int i = i0 + j, o = j * r;
                    for (int k = 0; k < l.Audio; k++) partial[k] += s[o + g + l.Encoded + k];
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
        for (int k = 0; k < l.Audio; k++)
            if (partial[k] != 0f) Atomic.Add(ref frameGradient[k], partial[k]);
    }
}
