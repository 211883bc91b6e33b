namespace TalkingGaussian.Evaluation.Lpips;

/// <summary>
/// The slow, readable LPIPS that <see cref="LpipsAlex"/> is tested against: planar [C, H, W] tensors in double, direct
/// convolution loops, and the backward pass written out layer by layer. It follows the lpips package (v0.1, alex,
/// <c>normalize=True</c>): x ↦ 2x − 1, then (x − shift)/scale per channel; AlexNet's relu1…relu5 features; each
/// feature vector divided by its channel norm + 1e-10; d = Σ_l mean_(h,w) Σ_c w_lc (n̂⁰_lc − n̂¹_lc)².
/// </summary>
public sealed class LpipsReference(LpipsWeights weights)
{
    /// <summary>Shift and scale of the lpips scaling layer (ImageNet statistics in [−1, 1] units).</summary>
    public static readonly double[] Shift = [-0.030, -0.088, -0.188], Scale = [0.458, 0.448, 0.450];

    /// <summary>The norm stabiliser of lpips' normalize_tensor.</summary>
    public const double Epsilon = 1e-10;

    /// <summary>A [C, H, W] tensor in double.</summary>
    private sealed record Tensor(int C, int H, int W, double[] V)
    {
        public Tensor(int c, int h, int w) : this(c, h, w, new double[c * h * w]) { }
        public ref double At(int c, int y, int x) => ref V[(c * H + y) * W + x];
    }

    /// <summary>d(image, target) for planar RGB [3, H, W] in [0, 1]; with <paramref name="gradient"/> (3·H·W) set to ∂d/∂image.</summary>
    public double Distance(float[] image, float[] target, int width, int height, double[]? gradient = null)
    {
        var (f0, saved) = Features(image, width, height);
        var (f1, _) = Features(target, width, height);
        double d = 0;
        var tapGrads = new Tensor[5];
        for (int l = 0; l < 5; l++)
        {
            var (a, b) = (f0[l], f1[l]);
            var g = new Tensor(a.C, a.H, a.W);
            double pixels = a.H * a.W;
            for (int y = 0; y < a.H; y++)
                for (int x = 0; x < a.W; x++)
                {
                    double ra = Norm(a, y, x), rb = Norm(b, y, x), dot = 0;
                    var gn = new double[a.C];
                    for (int c = 0; c < a.C; c++)
                    {
                        double diff = a.At(c, y, x) / (ra + Epsilon) - b.At(c, y, x) / (rb + Epsilon);
                        d += weights.Linear[l][c] * diff * diff / pixels;
                        gn[c] = 2 * weights.Linear[l][c] * diff / pixels;
                        dot += gn[c] * a.At(c, y, x);
                    }
                    // ∂n̂_c/∂f_j = δ_cj/(r + ε) − f_c f_j / (r (r + ε)²)
                    for (int c = 0; c < a.C; c++)
                        g.At(c, y, x) = gn[c] / (ra + Epsilon) - (ra > 0 ? a.At(c, y, x) * dot / (ra * (ra + Epsilon) * (ra + Epsilon)) : 0);
                }
            tapGrads[l] = g;
        }
        if (gradient is not null) Backward(saved, tapGrads, gradient);
        return d;
    }

    private static double Norm(Tensor t, int y, int x)
    {
        double s = 0;
        for (int c = 0; c < t.C; c++) s += t.At(c, y, x) * t.At(c, y, x);
        return Math.Sqrt(s);
    }

    /// <summary>What the backward pass needs: the scaled input, each layer's input and ReLU output, the pooled tensors.</summary>
    private sealed record Saved(Tensor Input, Tensor[] LayerInputs, Tensor[] Relu, int[][] PoolArgmax);

    private (Tensor[] Taps, Saved Saved) Features(float[] image, int width, int height)
    {
        if (image.Length != 3 * width * height) throw new ArgumentException($"A {width}×{height} RGB image has {3 * width * height} values; got {image.Length}.");
        var x = new Tensor(3, height, width);
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < width * height; i++)
                x.V[c * width * height + i] = (2.0 * image[c * width * height + i] - 1.0 - Shift[c]) / Scale[c];
        var inputs = new Tensor[5];
        var relu = new Tensor[5];
        var argmax = new int[2][];
        var h = x;
        for (int l = 0; l < 5; l++)
        {
            inputs[l] = h;
            relu[l] = Convolve(h, weights.Convolutions[l]);
            h = relu[l];
            if (l < 2) (h, argmax[l]) = MaxPool(h);
        }
        return (relu, new Saved(x, inputs, relu, argmax));
    }

    /// <summary>ReLU(conv(x) + b), zero padding.</summary>
    private static Tensor Convolve(Tensor x, ConvLayer L)
    {
        int ho = (x.H + 2 * L.Padding - L.Kernel) / L.Stride + 1, wo = (x.W + 2 * L.Padding - L.Kernel) / L.Stride + 1;
        if (ho < 1 || wo < 1) throw new ArgumentException($"LPIPS needs images of at least 31×31 pixels; a layer input of {x.W}×{x.H} is too small.");
        var y = new Tensor(L.Out, ho, wo);
        for (int o = 0; o < L.Out; o++)
            for (int oy = 0; oy < ho; oy++)
                for (int ox = 0; ox < wo; ox++)
                {
                    double s = L.Bias[o];
                    for (int i = 0; i < L.In; i++)
                        for (int ky = 0; ky < L.Kernel; ky++)
                            for (int kx = 0; kx < L.Kernel; kx++)
                            {
                                int iy = oy * L.Stride - L.Padding + ky, ix = ox * L.Stride - L.Padding + kx;
                                if (iy < 0 || iy >= x.H || ix < 0 || ix >= x.W) continue;
                                s += L.Weight[((o * L.In + i) * L.Kernel + ky) * L.Kernel + kx] * x.At(i, iy, ix);
                            }
                    y.At(o, oy, ox) = Math.Max(0, s);
                }
        return y;
    }

    /// <summary>3×3 stride-2 max pool (no padding, floor); the argmax is the first maximum in row-major window order.</summary>
    private static (Tensor, int[]) MaxPool(Tensor x)
    {
        int ho = (x.H - 3) / 2 + 1, wo = (x.W - 3) / 2 + 1;
        if (ho < 1 || wo < 1) throw new ArgumentException($"LPIPS needs images of at least 31×31 pixels; a pool input of {x.W}×{x.H} is too small.");
        var y = new Tensor(x.C, ho, wo);
        var arg = new int[y.V.Length];
        for (int c = 0; c < x.C; c++)
            for (int oy = 0; oy < ho; oy++)
                for (int ox = 0; ox < wo; ox++)
                {
                    int best = (c * x.H + 2 * oy) * x.W + 2 * ox;
                    for (int ky = 0; ky < 3; ky++)
                        for (int kx = 0; kx < 3; kx++)
                        {
                            int i = (c * x.H + 2 * oy + ky) * x.W + 2 * ox + kx;
                            if (x.V[i] > x.V[best]) best = i;
                        }
                    int o = (c * ho + oy) * wo + ox;
                    y.V[o] = x.V[best];
                    arg[o] = best;
                }
        return (y, arg);
    }

    private void Backward(Saved s, Tensor[] tapGrads, double[] gradient)
    {
        Tensor? g = null;
        for (int l = 4; l >= 0; l--)
        {
            var relu = s.Relu[l];
            var gl = tapGrads[l];
            if (g is not null)
                for (int i = 0; i < gl.V.Length; i++) gl.V[i] += g.V[i];
            for (int i = 0; i < gl.V.Length; i++) if (relu.V[i] <= 0) gl.V[i] = 0;
            g = ConvolveBackward(gl, s.LayerInputs[l], weights.Convolutions[l]);
            if (l == 2 || l == 1)
            {
                // The input of convolution l (l = 1, 2) is the max pool of ReLU output l − 1: route to the argmax.
                var unpooled = new Tensor(s.Relu[l - 1].C, s.Relu[l - 1].H, s.Relu[l - 1].W);
                var arg = s.PoolArgmax[l - 1];
                for (int i = 0; i < g.V.Length; i++) unpooled.V[arg[i]] += g.V[i];
                g = unpooled;
            }
        }
        int plane = s.Input.H * s.Input.W;
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < plane; i++)
                gradient[c * plane + i] = g!.V[c * plane + i] * 2.0 / Scale[c];
    }

    /// <summary>∂L/∂x of a convolution given ∂L/∂(pre-activation).</summary>
    private static Tensor ConvolveBackward(Tensor gy, Tensor x, ConvLayer L)
    {
        var gx = new Tensor(x.C, x.H, x.W);
        for (int o = 0; o < L.Out; o++)
            for (int oy = 0; oy < gy.H; oy++)
                for (int ox = 0; ox < gy.W; ox++)
                {
                    double g = gy.At(o, oy, ox);
                    if (g == 0) continue;
                    for (int i = 0; i < L.In; i++)
                        for (int ky = 0; ky < L.Kernel; ky++)
                            for (int kx = 0; kx < L.Kernel; kx++)
                            {
                                int iy = oy * L.Stride - L.Padding + ky, ix = ox * L.Stride - L.Padding + kx;
                                if (iy < 0 || iy >= x.H || ix < 0 || ix >= x.W) continue;
                                gx.At(i, iy, ix) += L.Weight[((o * L.In + i) * L.Kernel + ky) * L.Kernel + kx] * g;
                            }
                }
        return gx;
    }
}
