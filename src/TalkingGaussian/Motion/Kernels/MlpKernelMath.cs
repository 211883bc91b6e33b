using ILGPU;

namespace TalkingGaussian.Motion.Kernels;

/// <summary>
/// Kernel-side bias-free MLP (ReLU between layers), the same arithmetic as <see cref="Mlp"/>: weights W[out, in] read
/// from the parameter view, activations and deltas in the per-thread scratch array.
/// </summary>
internal static class MlpKernelMath
{
    /// <summary>Forward: every layer's output to scratch[HiddenOffset + k·Hidden ..].</summary>
    public static void Forward(ArrayView<float> p, MlpDims m, float[] s)
    {
        int w = m.WeightOffset;
        for (int k = 0; k < m.Layers; k++)
        {
            int nIn = k == 0 ? m.In : m.Hidden, nOut = k == m.Layers - 1 ? m.Out : m.Hidden;
            int x = k == 0 ? m.InOffset : m.HiddenOffset + (k - 1) * m.Hidden, y = m.HiddenOffset + k * m.Hidden;
            bool relu = k < m.Layers - 1 || m.ReluOut != 0;
            for (int o = 0; o < nOut; o++)
            {
                float z = 0f;
                int row = w + o * nIn;
                for (int i = 0; i < nIn; i++) z += p[row + i] * s[x + i];
                s[y + o] = relu && z < 0f ? 0f : z;
            }
            w += nIn * nOut;
        }
    }

    /// <summary>
    /// Backward of the activations: expects ∂L/∂output at scratch[DeltaOffset + (L−1)·Hidden ..] and leaves each layer's
    /// delta (ReLU mask applied) in place; adds ∂L/∂input into scratch[<paramref name="inputGradient"/> ..].
    /// Weight gradients are formed afterwards from the saved rows by <see cref="WeightGradientKernel"/>.
    /// </summary>
    public static void Backward(ArrayView<float> p, MlpDims m, float[] s, int inputGradient)
    {
        int w = m.WeightOffset;
        for (int k = 0; k < m.Layers - 1; k++) w += (k == 0 ? m.In : m.Hidden) * m.Hidden;
        for (int k = m.Layers - 1; k >= 0; k--)
        {
            int nIn = k == 0 ? m.In : m.Hidden, nOut = k == m.Layers - 1 ? m.Out : m.Hidden;
            if (k < m.Layers - 1) w -= nIn * nOut;
            int y = m.HiddenOffset + k * m.Hidden, d = m.DeltaOffset + k * m.Hidden;
            if (k < m.Layers - 1 || m.ReluOut != 0)
                for (int o = 0; o < nOut; o++)
                    if (s[y + o] <= 0f) s[d + o] = 0f;
            int target = k == 0 ? inputGradient : m.DeltaOffset + (k - 1) * m.Hidden;
            if (k > 0)
                for (int i = 0; i < nIn; i++) s[target + i] = 0f;
            for (int o = 0; o < nOut; o++)
            {
                float delta = s[d + o];
                if (delta == 0f) continue;
                int row = w + o * nIn;
                for (int i = 0; i < nIn; i++) s[target + i] += p[row + i] * delta;
            }
        }
    }
}
