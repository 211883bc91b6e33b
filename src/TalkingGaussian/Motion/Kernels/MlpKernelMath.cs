using ILGPU;

namespace TalkingGaussian.Motion.Kernels;

/// <summary>
/// Kernel-side bias-free MLP (ReLU between layers), the same arithmetic as <see cref="Mlp"/> for a mini-batch of
/// <c>count</c> Gaussians whose rows sit <c>stride</c> floats apart in the per-thread scratch array: each weight W[o, i] is
/// read from the parameter view once per mini-batch (on the CPU accelerator a view read costs several plain array reads).
/// </summary>
internal static class MlpKernelMath
{
    /// <summary>Largest layer input (the per-thread weight-row array has this size).</summary>
    public const int MaxInput = 128;

    /// <summary>Forward (<paramref name="weights"/>: a per-thread array of <see cref="MaxInput"/> floats): every layer's output to scratch[b·stride + HiddenOffset + k·Hidden ..] for b &lt; count.</summary>
    public static void Forward(ArrayView<float> p, MlpDims m, float[] s, int stride, int count, float[] weights)
    {
        int w = m.WeightOffset;
        for (int k = 0; k < m.Layers; k++)
        {
            int nIn = k == 0 ? m.In : m.Hidden, nOut = k == m.Layers - 1 ? m.Out : m.Hidden;
            int x = k == 0 ? m.InOffset : m.HiddenOffset + (k - 1) * m.Hidden, y = m.HiddenOffset + k * m.Hidden;
            bool relu = k < m.Layers - 1 || m.ReluOut != 0;
            for (int o = 0; o < nOut; o++)
            {
                int row = w + o * nIn;
                for (int i = 0; i < nIn; i++) weights[i] = p[row + i]; // W[o, :] read once per mini-batch
                int b = 0;
                for (; b + 3 < count; b += 4) // four Gaussians per pass share each weight load
                {
                    int x0 = b * stride + x, x1 = x0 + stride, x2 = x1 + stride, x3 = x2 + stride;
                    float z0 = 0f, z1 = 0f, z2 = 0f, z3 = 0f;
                    for (int i = 0; i < nIn; i++)
                    {
                        float wi = weights[i];
                        z0 += wi * s[x0 + i];
                        z1 += wi * s[x1 + i];
                        z2 += wi * s[x2 + i];
                        z3 += wi * s[x3 + i];
                    }
                    int y0 = b * stride + y + o;
                    s[y0] = relu && z0 < 0f ? 0f : z0;
                    s[y0 + stride] = relu && z1 < 0f ? 0f : z1;
                    s[y0 + 2 * stride] = relu && z2 < 0f ? 0f : z2;
                    s[y0 + 3 * stride] = relu && z3 < 0f ? 0f : z3;
                }
                for (; b < count; b++)
                {
                    int xb = b * stride + x;
                    float z = 0f;
                    for (int i = 0; i < nIn; i++) z += weights[i] * s[xb + i];
                    s[b * stride + y + o] = relu && z < 0f ? 0f : z;
                }
            }
            w += nIn * nOut;
        }
    }

    /// <summary>
    /// Backward of the activations: expects ∂L/∂output at scratch[b·stride + DeltaOffset + (L−1)·Hidden ..] and leaves each
    /// layer's delta (ReLU mask applied) in place; adds ∂L/∂input into scratch[b·stride + <paramref name="inputGradient"/> ..].
    /// ∂L/∂x = Wᵀδ is formed as dot products over rows of the transposed weights <paramref name="pT"/> (see
    /// <see cref="MlpDims.Transpose"/>), four Gaussians per pass. Weight gradients are formed afterwards from the saved rows
    /// by <see cref="WeightGradientKernel"/>. <paramref name="weights"/> is a per-thread array of <see cref="MaxInput"/> floats.
    /// </summary>
    public static void Backward(ArrayView<float> pT, MlpDims m, float[] s, int stride, int count, int inputGradient, float[] weights)
    {
        int w = m.TransposedOffset;
        for (int k = 0; k < m.Layers - 1; k++) w += (k == 0 ? m.In : m.Hidden) * m.Hidden;
        for (int k = m.Layers - 1; k >= 0; k--)
        {
            int nIn = k == 0 ? m.In : m.Hidden, nOut = k == m.Layers - 1 ? m.Out : m.Hidden;
            if (k < m.Layers - 1) w -= nIn * nOut;
            int y = m.HiddenOffset + k * m.Hidden, d = m.DeltaOffset + k * m.Hidden;
            if (k < m.Layers - 1 || m.ReluOut != 0)
                for (int b = 0; b < count; b++)
                    for (int o = 0; o < nOut; o++)
                        if (s[b * stride + y + o] <= 0f) s[b * stride + d + o] = 0f;
            bool accumulate = k == 0; // layer 0 adds into the caller's ∂L/∂input; deeper layers write the previous delta
            int target = k == 0 ? inputGradient : m.DeltaOffset + (k - 1) * m.Hidden;
            for (int i = 0; i < nIn; i++)
            {
                int row = w + i * nOut;
                for (int o = 0; o < nOut; o++) weights[o] = pT[row + o]; // Wᵀ[i, :] read once per mini-batch
                int b = 0;
                for (; b + 3 < count; b += 4)
                {
                    int d0 = b * stride + d, d1 = d0 + stride, d2 = d1 + stride, d3 = d2 + stride;
                    float z0 = 0f, z1 = 0f, z2 = 0f, z3 = 0f;
                    for (int o = 0; o < nOut; o++)
                    {
                        float wo = weights[o];
                        z0 += wo * s[d0 + o];
                        z1 += wo * s[d1 + o];
                        z2 += wo * s[d2 + o];
                        z3 += wo * s[d3 + o];
                    }
                    int t0 = b * stride + target + i;
                    if (accumulate)
                    {
                        s[t0] += z0; s[t0 + stride] += z1; s[t0 + 2 * stride] += z2; s[t0 + 3 * stride] += z3;
                    }
                    else
                    {
                        s[t0] = z0; s[t0 + stride] = z1; s[t0 + 2 * stride] = z2; s[t0 + 3 * stride] = z3;
                    }
                }
                for (; b < count; b++)
                {
                    int db = b * stride + d;
                    float z = 0f;
                    for (int o = 0; o < nOut; o++) z += weights[o] * s[db + o];
                    int tb = b * stride + target + i;
                    s[tb] = accumulate ? s[tb] + z : z;
                }
            }
        }
    }
}
