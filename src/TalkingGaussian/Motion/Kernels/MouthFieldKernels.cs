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
    public float ScaleX, ScaleY, ScaleZ;
}

/// <summary>The mouth field's per-Gaussian kernels (paper Eq. 7), in the same style as <see cref="FaceFieldKernels"/>.</summary>
internal static class MouthFieldKernels
{
    /// <summary>Scratch floats per thread.</summary>
    public const int Scratch = 768;

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
    public static void Forward(ArrayView<float> means, ArrayView<float> p, TriPlaneView grid, MouthKernelLayout l, ArrayView<float> frame,
        ArrayView<float> deltas, ArrayView<float> context, int saveContext, int n, int chunk)
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X;
        var s = new float[Scratch];
        int h = l.Sigma.OutputOffset;
        for (int b = t * chunk; b < n; b += threads * chunk)
        {
            int e = Math.Min(n, b + chunk);
            for (int i = b; i < e; i++)
            {
                TriPlaneKernelMath.Encode(p, grid, means[3 * i], means[3 * i + 1], means[3 * i + 2], s, 0); // H^M(μ)
                for (int k = 0; k < l.Audio; k++) s[l.Encoded + k] = frame[k];                            // ⊕ a
                MlpKernelMath.Forward(p, l.Sigma, s);
                deltas[3 * i] = s[h] * l.ScaleX;
                deltas[3 * i + 1] = s[h + 1] * l.ScaleY;
                deltas[3 * i + 2] = s[h + 2] * l.ScaleZ;
                if (saveContext != 0)
                    for (int k = 0; k < l.ForwardLength; k++) context[i * l.Row + k] = s[k];
            }
        }
    }

    /// <summary>Backward per Gaussian: sigma deltas into the context rows, ∂L/∂table (atomics), ∂L/∂μ, Σ_i ∂L/∂a.</summary>
    public static void Backward(ArrayView<float> means, ArrayView<float> p, ArrayView<float> gp, TriPlaneView grid, MouthKernelLayout l,
        ArrayView<float> deltaGradient, ArrayView<float> context, ArrayView<float> meanGradient, ArrayView<float> frameGradient, int n, int chunk)
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X;
        var s = new float[Scratch];
        var partial = new float[MaxAudio];
        for (int k = 0; k < l.Audio; k++) partial[k] = 0f;
        int sigmaOut = l.Sigma.DeltaOffset + (l.Sigma.Layers - 1) * l.Sigma.Hidden;
        int g = l.InputGradient, pg = l.PositionGradient;
        for (int b = t * chunk; b < n; b += threads * chunk)
        {
            int end = Math.Min(n, b + chunk);
            for (int i = b; i < end; i++)
            {
                for (int k = 0; k < l.ForwardLength; k++) s[k] = context[i * l.Row + k];
                s[sigmaOut] = deltaGradient[3 * i] * l.ScaleX;
                s[sigmaOut + 1] = deltaGradient[3 * i + 1] * l.ScaleY;
                s[sigmaOut + 2] = deltaGradient[3 * i + 2] * l.ScaleZ;
                for (int k = 0; k < l.Sigma.In; k++) s[g + k] = 0f;
                MlpKernelMath.Backward(p, l.Sigma, s, g);
                for (int k = 0; k < l.Audio; k++) partial[k] += s[g + l.Encoded + k];
                s[pg] = 0f;
                s[pg + 1] = 0f;
                s[pg + 2] = 0f;
                TriPlaneKernelMath.Backward(p, gp, grid, means[3 * i], means[3 * i + 1], means[3 * i + 2], s, g, pg);
                meanGradient[3 * i] = s[pg];
                meanGradient[3 * i + 1] = s[pg + 1];
                meanGradient[3 * i + 2] = s[pg + 2];
                for (int k = l.ForwardLength; k < l.Row; k++) context[i * l.Row + k] = s[k];
            }
        }
        for (int k = 0; k < l.Audio; k++)
            if (partial[k] != 0f) Atomic.Add(ref frameGradient[k], partial[k]);
    }
}
