namespace TalkingGaussian.Motion;

/// <summary>
/// A 1D convolution with bias (PyTorch Conv1d layout: weights [out, in, kernel] then bias [out]), zero padding,
/// scalar C#. Used by the per-frame audio branch (AudioNet, AudioAttNet), which is tiny next to the per-Gaussian fields.
/// </summary>
public sealed record Conv1d(int InChannels, int OutChannels, int Kernel, int Stride, int Padding)
{
    /// <summary>Weights then biases.</summary>
    public int ParameterCount => OutChannels * InChannels * Kernel + OutChannels;

    /// <summary>Output length for an input of <paramref name="length"/> steps.</summary>
    public int OutputLength(int length) => (length + 2 * Padding - Kernel) / Stride + 1;

    /// <summary>PyTorch default: weights and biases U(±1/√(in·kernel)).</summary>
    public void Initialize(Span<float> parameters, Random rng) =>
        UniformInit.Fill(parameters[..ParameterCount], 1.0 / Math.Sqrt(InChannels * Kernel), rng);

    /// <summary>y[o, t] = b[o] + Σ_{i,k} W[o, i, k]·x[i, t·stride + k − pad]; x is [in, length], y is [out, OutputLength].</summary>
    public void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, int length, Span<float> y)
    {
        int lOut = OutputLength(length);
        int biasOffset = OutChannels * InChannels * Kernel;
        for (int o = 0; o < OutChannels; o++)
            for (int t = 0; t < lOut; t++)
            {
                float z = parameters[biasOffset + o];
                for (int i = 0; i < InChannels; i++)
                    for (int k = 0; k < Kernel; k++)
                    {
                        int src = t * Stride + k - Padding;
                        if (src >= 0 && src < length) z += parameters[(o * InChannels + i) * Kernel + k] * x[i * length + src];
                    }
                y[o * lOut + t] = z;
            }
    }

    /// <summary>Adds ∂L/∂W, ∂L/∂b into <paramref name="gradient"/> and ∂L/∂x into <paramref name="dx"/>, given ∂L/∂y.</summary>
    public void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, int length, ReadOnlySpan<float> dy,
        Span<float> gradient, Span<float> dx)
    {
        int lOut = OutputLength(length);
        int biasOffset = OutChannels * InChannels * Kernel;
        for (int o = 0; o < OutChannels; o++)
            for (int t = 0; t < lOut; t++)
            {
                float g = dy[o * lOut + t];
                if (g == 0f) continue;
                gradient[biasOffset + o] += g;
                for (int i = 0; i < InChannels; i++)
                    for (int k = 0; k < Kernel; k++)
                    {
                        int src = t * Stride + k - Padding;
                        if (src < 0 || src >= length) continue;
                        int w = (o * InChannels + i) * Kernel + k;
                        gradient[w] += g * x[i * length + src];
                        dx[i * length + src] += g * parameters[w];
                    }
            }
    }
}

/// <summary>A linear layer with bias (PyTorch layout: W [out, in] then b [out]), scalar C#, for the audio branch.</summary>
public sealed record Linear(int Input, int Output)
{
    /// <summary>Weights then biases.</summary>
    public int ParameterCount => Output * Input + Output;

    /// <summary>PyTorch default: U(±1/√in) for weights and biases.</summary>
    public void Initialize(Span<float> parameters, Random rng) =>
        UniformInit.Fill(parameters[..ParameterCount], 1.0 / Math.Sqrt(Input), rng);

    /// <summary>y = W x + b.</summary>
    public void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, Span<float> y)
    {
        for (int o = 0; o < Output; o++)
        {
            float z = parameters[Output * Input + o];
            for (int i = 0; i < Input; i++) z += parameters[o * Input + i] * x[i];
            y[o] = z;
        }
    }

    /// <summary>Adds ∂L/∂W, ∂L/∂b into <paramref name="gradient"/> and ∂L/∂x into <paramref name="dx"/>.</summary>
    public void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> gradient, Span<float> dx)
    {
        for (int o = 0; o < Output; o++)
        {
            float g = dy[o];
            gradient[Output * Input + o] += g;
            for (int i = 0; i < Input; i++)
            {
                gradient[o * Input + i] += g * x[i];
                dx[i] += g * parameters[o * Input + i];
            }
        }
    }
}

/// <summary>LeakyReLU with the audio branch's slope 0.02.</summary>
public static class LeakyRelu
{
    /// <summary>Negative slope of every LeakyReLU in AudioNet and AudioAttNet.</summary>
    public const float Slope = 0.02f;

    /// <summary>Applies LeakyReLU in place.</summary>
    public static void Apply(Span<float> v)
    {
        for (int i = 0; i < v.Length; i++) if (v[i] < 0f) v[i] *= Slope;
    }

    /// <summary>Multiplies <paramref name="g"/> by the derivative, read from the activated output y (sign(y) = sign(z)).</summary>
    public static void Backward(ReadOnlySpan<float> y, Span<float> g)
    {
        for (int i = 0; i < g.Length; i++) if (!(y[i] > 0f)) g[i] *= Slope; // PyTorch: slope at z ≤ 0
    }
}
