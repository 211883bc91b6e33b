using TalkingGaussian.Training;

namespace TalkingGaussian.Evaluation.Lpips;

/// <summary>
/// LPIPS v0.1 with AlexNet (Zhang et al. 2018), the perceptual distance of the paper's Eq. 11 and of the released
/// metrics.py, with its gradient with respect to the first image. It computes what <see cref="LpipsReference"/> does,
/// the CPU way: activations are channel-last [H, W, C], each convolution is one im2col matrix times the transposed
/// weights (<see cref="Gemm"/>; forward) and the output gradient times the weights then col2im (backward: only ∂/∂image,
/// the network is frozen), and the ReLU outputs and pool argmaxes of the first image are kept for the backward pass.
/// Buffers belong to the instance and are reused while the image size stays the same; one instance is not thread-safe.
/// Images must be at least 31×31 (AlexNet's second pool needs a 3×3 input).
/// </summary>
public sealed class LpipsAlex : IPerceptualLoss
{
    private readonly LpipsLayer[] _layers;
    private readonly float[][] _linear;
    private LpipsWorkspace? _ws;

    /// <summary>Builds the metric from loaded weights.</summary>
    public LpipsAlex(LpipsWeights weights)
    {
        _layers = weights.Convolutions.Select(c => new LpipsLayer(c)).ToArray();
        _linear = weights.Linear.ToArray();
    }

    /// <summary>Loads both weight files (see <see cref="LpipsWeights"/>).</summary>
    public static LpipsAlex Load(string alexNetPath, string linearPath) => new(LpipsWeights.Load(alexNetPath, linearPath));

    /// <inheritdoc />
    public string Name => "lpips-alex-v0.1";

    /// <summary>The smallest side LPIPS accepts: below it AlexNet's third max-pool has nothing to pool.</summary>
    public const int MinimumSize = 31;

    /// <inheritdoc />
    public int MinimumSide => MinimumSize;

    /// <inheritdoc />
    public float Distance(ReadOnlySpan<float> image, ReadOnlySpan<float> target, int width, int height, Span<float> gradient, float scale)
    {
        if (width < MinimumSize || height < MinimumSize)
            throw new ArgumentException($"LPIPS (AlexNet) needs images of at least {MinimumSize}×{MinimumSize} pixels; got {width}×{height}.");
        int plane = width * height;
        if (image.Length != 3 * plane || target.Length != 3 * plane)
            throw new ArgumentException($"A {width}×{height} RGB image has {3 * plane} values; got {image.Length} and {target.Length}.");
        if (!gradient.IsEmpty && gradient.Length != 3 * plane)
            throw new ArgumentException($"The gradient must have {3 * plane} values like the image; got {gradient.Length}.", nameof(gradient));
        if (_ws is null || _ws.Width != width || _ws.Height != height) _ws = new LpipsWorkspace(_layers, width, height);
        var ws = _ws;
        Forward(image, ws.Image, ws);
        Forward(target, ws.Target, ws);
        bool backward = !gradient.IsEmpty;
        double d = 0;
        for (int l = 0; l < _layers.Length; l++)
            d += CompareTap(ws.Image.Relu[l], ws.Target.Relu[l], _linear[l], ws.Shapes[l], backward ? ws.TapGrad[l] : null);
        if (backward) Backward(ws, gradient, scale);
        return (float)d;
    }

    private void Forward(ReadOnlySpan<float> rgb, LpipsActivations a, LpipsWorkspace ws)
    {
        int plane = ws.Width * ws.Height;
        for (int c = 0; c < 3; c++)
        {
            float mul = (float)(2.0 / LpipsReference.Scale[c]), add = (float)((-1.0 - LpipsReference.Shift[c]) / LpipsReference.Scale[c]);
            var src = rgb.Slice(c * plane, plane);
            for (int i = 0; i < plane; i++) a.Input[3 * i + c] = src[i] * mul + add;
        }
        var input = a.Input;
        var inShape = new LpipsShape(ws.Height, ws.Width, 3);
        for (int l = 0; l < _layers.Length; l++)
        {
            var L = _layers[l];
            var outShape = ws.Shapes[l];
            L.Im2Col(input, inShape, outShape, ws.Columns);
            Gemm.Multiply(ws.Columns, L.Transposed, a.Relu[l], outShape.Pixels, L.K, L.Out);
            var y = a.Relu[l];
            for (int p = 0, o = 0; p < outShape.Pixels; p++)
                for (int c = 0; c < L.Out; c++, o++)
                    y[o] = MathF.Max(0f, y[o] + L.Bias[c]);
            input = y;
            inShape = outShape;
            if (l < 2)
            {
                inShape = ws.PoolShapes[l];
                MaxPool(y, outShape, a.Pooled[l], inShape, a.Argmax[l]);
                input = a.Pooled[l];
            }
        }
    }

    /// <summary>Σ_pixels Σ_c w_c (n̂⁰ − n̂¹)² / pixels; with <paramref name="grad"/>, ∂/∂f⁰ (see the reference for the formula).</summary>
    private static double CompareTap(float[] f0, float[] f1, float[] w, LpipsShape s, float[]? grad)
    {
        int channels = s.C;
        double d = 0, inv = 1.0 / s.Pixels;
        for (int p = 0; p < s.Pixels; p++)
        {
            int o = p * channels;
            double r0 = 0, r1 = 0;
            for (int c = 0; c < channels; c++) { r0 += (double)f0[o + c] * f0[o + c]; r1 += (double)f1[o + c] * f1[o + c]; }
            r0 = Math.Sqrt(r0);
            r1 = Math.Sqrt(r1);
            double k0 = 1.0 / (r0 + LpipsReference.Epsilon), k1 = 1.0 / (r1 + LpipsReference.Epsilon), dot = 0;
            for (int c = 0; c < channels; c++)
            {
                double diff = f0[o + c] * k0 - f1[o + c] * k1;
                d += w[c] * diff * diff;
                if (grad is null) continue;
                double gn = 2 * w[c] * diff * inv;
                grad[o + c] = (float)gn; // ∂d/∂n̂, turned into ∂d/∂f below
                dot += gn * f0[o + c];
            }
            if (grad is null) continue;
            double radial = r0 > 0 ? dot * k0 * k0 / r0 : 0;
            for (int c = 0; c < channels; c++) grad[o + c] = (float)(grad[o + c] * k0 - f0[o + c] * radial);
        }
        return d * inv;
    }

    private void Backward(LpipsWorkspace ws, Span<float> gradient, float scale)
    {
        var a = ws.Image;
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            var L = _layers[l];
            var g = ws.TapGrad[l];
            var y = a.Relu[l];
            var outShape = ws.Shapes[l];
            for (int i = 0; i < outShape.Size; i++) if (y[i] <= 0f) g[i] = 0f;
            Gemm.Multiply(g, L.Weights, ws.Columns, outShape.Pixels, L.Out, L.K);
            // Where the gradient of this layer's input goes: the previous ReLU output (layers 4, 5), a pooled tensor
            // routed back through its argmax (layers 2, 3), or the scaled image (layer 1).
            if (l >= 3)
            {
                L.Col2Im(ws.Columns, ws.TapGrad[l - 1], ws.Shapes[l - 1], outShape);
            }
            else if (l >= 1)
            {
                var pooled = ws.PoolGrad[l - 1];
                Array.Clear(pooled);
                L.Col2Im(ws.Columns, pooled, ws.PoolShapes[l - 1], outShape);
                var arg = a.Argmax[l - 1];
                var prev = ws.TapGrad[l - 1];
                for (int i = 0; i < pooled.Length; i++) prev[arg[i]] += pooled[i];
            }
            else
            {
                Array.Clear(ws.InputGrad);
                L.Col2Im(ws.Columns, ws.InputGrad, new LpipsShape(ws.Height, ws.Width, 3), outShape);
            }
        }
        int plane = ws.Width * ws.Height;
        for (int c = 0; c < 3; c++)
        {
            float k = (float)(scale * 2.0 / LpipsReference.Scale[c]);
            var dst = gradient.Slice(c * plane, plane);
            for (int i = 0; i < plane; i++) dst[i] += k * ws.InputGrad[3 * i + c];
        }
    }

    /// <summary>3×3 stride-2 max pool, channel-last; the argmax (a flat index into the input) is the first maximum in window order.</summary>
    private static void MaxPool(float[] x, LpipsShape i, float[] y, LpipsShape o, int[] argmax)
    {
        for (int oy = 0; oy < o.H; oy++)
            for (int ox = 0; ox < o.W; ox++)
                for (int c = 0; c < o.C; c++)
                {
                    int best = ((2 * oy) * i.W + 2 * ox) * i.C + c;
                    for (int ky = 0; ky < 3; ky++)
                        for (int kx = 0; kx < 3; kx++)
                        {
                            int at = ((2 * oy + ky) * i.W + 2 * ox + kx) * i.C + c;
                            if (x[at] > x[best]) best = at;
                        }
                    int dst = (oy * o.W + ox) * o.C + c;
                    y[dst] = x[best];
                    argmax[dst] = best;
                }
    }
}
