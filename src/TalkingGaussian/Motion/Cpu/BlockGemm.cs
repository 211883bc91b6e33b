using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TalkingGaussian.Compute;

namespace TalkingGaussian.Motion.Cpu;

/// <summary>What <see cref="BlockGemm.Multiply"/> does with each result z before it lands in Y.</summary>
internal enum Epilogue
{
    /// <summary>Y = z.</summary>
    Store,

    /// <summary>Y = max(z, 0): a hidden layer's forward pass.</summary>
    Relu,

    /// <summary>Y = z where the mask (a forward activation, same layout as Y) is positive, else 0: the ReLU's backward pass.</summary>
    MaskPositive,

    /// <summary>Y += z: a gradient that several products add into.</summary>
    Add,
}

/// <summary>A row-major matrix of <see cref="Rows"/> × <see cref="Columns"/> floats whose rows start <see cref="Stride"/> floats apart.</summary>
internal readonly unsafe struct Matrix(float* data, int rows, int columns, int stride)
{
    /// <summary>A dense matrix (stride = columns).</summary>
    public Matrix(float* data, int rows, int columns) : this(data, rows, columns, columns) { }

    public float* Data { get; } = data;
    public int Rows { get; } = rows;
    public int Columns { get; } = columns;
    public int Stride { get; } = stride;
}

/// <summary>
/// The two matrix products of an MLP over a block of Gaussians, register-blocked on <see cref="Vector256{T}"/> with FMA.
/// A block stores a matrix feature-major: row r (one feature) holds <c>width</c> consecutive floats, one per Gaussian, so
/// every vector runs across 8 Gaussians and any layer width works (<c>width</c> is a multiple of 16).
/// <list type="bullet">
/// <item><see cref="Multiply"/>: Y = W·X, the forward product y = Wx of every Gaussian at once, and with Wᵀ the backward
/// product ∂L/∂x = Wᵀδ. The micro-kernel keeps 4 rows × 16 Gaussians of Y in 8 accumulators and streams k.</item>
/// <item><see cref="AddOuterProducts"/>: ∂L/∂W += δ·Xᵀ, the weight gradient summed over the block's Gaussians
/// (4 × 2 weights in 8 accumulators over the Gaussians, then one horizontal sum each).</item>
/// </list>
/// </summary>
internal static unsafe class BlockGemm
{
    /// <summary>Gaussians per micro-kernel column step.</summary>
    public const int ColumnStep = 2 * Simd.Lanes;

    /// <summary>
    /// Y[o, :] = epilogue(Σ_k W[o, k]·X[k, :] + bias[o]) for every row o of W: X [W.Columns, width], Y and <paramref name="mask"/>
    /// [W.Rows, width]; <paramref name="bias"/> (per row, optional) is a term shared by every Gaussian.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(in Matrix w, float* x, float* y, int width, Epilogue epilogue, float* mask = null, float* bias = null)
    {
        int rows = w.Rows, inner = w.Columns, stride = w.Stride;
        int o = 0;
        for (; o + 4 <= rows; o += 4)
        {
            float* w0 = w.Data + o * stride, w1 = w0 + stride, w2 = w1 + stride, w3 = w2 + stride;
            for (int b = 0; b < width; b += ColumnStep)
            {
                Vector256<float> a00 = Bias(bias, o), a01 = a00, a10 = Bias(bias, o + 1), a11 = a10;
                Vector256<float> a20 = Bias(bias, o + 2), a21 = a20, a30 = Bias(bias, o + 3), a31 = a30;
                float* xk = x + b;
                for (int k = 0; k < inner; k++, xk += width)
                {
                    var x0 = Vector256.Load(xk);
                    var x1 = Vector256.Load(xk + Simd.Lanes);
                    var c = Vector256.Create(w0[k]);
                    a00 = Simd.MultiplyAdd(c, x0, a00);
                    a01 = Simd.MultiplyAdd(c, x1, a01);
                    c = Vector256.Create(w1[k]);
                    a10 = Simd.MultiplyAdd(c, x0, a10);
                    a11 = Simd.MultiplyAdd(c, x1, a11);
                    c = Vector256.Create(w2[k]);
                    a20 = Simd.MultiplyAdd(c, x0, a20);
                    a21 = Simd.MultiplyAdd(c, x1, a21);
                    c = Vector256.Create(w3[k]);
                    a30 = Simd.MultiplyAdd(c, x0, a30);
                    a31 = Simd.MultiplyAdd(c, x1, a31);
                }
                int at = o * width + b;
                Finish(a00, a01, y + at, mask + at, epilogue);
                Finish(a10, a11, y + at + width, mask + at + width, epilogue);
                Finish(a20, a21, y + at + 2 * width, mask + at + 2 * width, epilogue);
                Finish(a30, a31, y + at + 3 * width, mask + at + 3 * width, epilogue);
            }
        }
        for (; o < rows; o++)
        {
            float* wo = w.Data + o * stride;
            for (int b = 0; b < width; b += ColumnStep)
            {
                Vector256<float> a0 = Bias(bias, o), a1 = a0;
                float* xk = x + b;
                for (int k = 0; k < inner; k++, xk += width)
                {
                    var c = Vector256.Create(wo[k]);
                    a0 = Simd.MultiplyAdd(c, Vector256.Load(xk), a0);
                    a1 = Simd.MultiplyAdd(c, Vector256.Load(xk + Simd.Lanes), a1);
                }
                int at = o * width + b;
                Finish(a0, a1, y + at, mask + at, epilogue);
            }
        }
    }

    /// <summary>
    /// dW[o, k] += Σ_b δ[o, b]·X[k, b] over the block's <paramref name="width"/> Gaussians: δ [dW.Rows, width], X [dW.Columns, width].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddOuterProducts(float* delta, float* x, in Matrix dW, int width)
    {
        int rows = dW.Rows, inner = dW.Columns, stride = dW.Stride;
        float* dw = dW.Data;
        int o = 0;
        for (; o + 4 <= rows; o += 4)
        {
            float* d0 = delta + o * width, d1 = d0 + width, d2 = d1 + width, d3 = d2 + width;
            int k = 0;
            for (; k + 2 <= inner; k += 2)
            {
                float* x0 = x + k * width, x1 = x0 + width;
                Vector256<float> a00 = default, a01 = default, a10 = default, a11 = default;
                Vector256<float> a20 = default, a21 = default, a30 = default, a31 = default;
                for (int b = 0; b < width; b += Simd.Lanes)
                {
                    var u = Vector256.Load(x0 + b);
                    var v = Vector256.Load(x1 + b);
                    var e = Vector256.Load(d0 + b);
                    a00 = Simd.MultiplyAdd(e, u, a00);
                    a01 = Simd.MultiplyAdd(e, v, a01);
                    e = Vector256.Load(d1 + b);
                    a10 = Simd.MultiplyAdd(e, u, a10);
                    a11 = Simd.MultiplyAdd(e, v, a11);
                    e = Vector256.Load(d2 + b);
                    a20 = Simd.MultiplyAdd(e, u, a20);
                    a21 = Simd.MultiplyAdd(e, v, a21);
                    e = Vector256.Load(d3 + b);
                    a30 = Simd.MultiplyAdd(e, u, a30);
                    a31 = Simd.MultiplyAdd(e, v, a31);
                }
                float* g = dw + o * stride + k;
                g[0] += Vector256.Sum(a00); g[1] += Vector256.Sum(a01); g += stride;
                g[0] += Vector256.Sum(a10); g[1] += Vector256.Sum(a11); g += stride;
                g[0] += Vector256.Sum(a20); g[1] += Vector256.Sum(a21); g += stride;
                g[0] += Vector256.Sum(a30); g[1] += Vector256.Sum(a31);
            }
            for (; k < inner; k++)
                for (int r = 0; r < 4; r++)
                    dw[(o + r) * stride + k] += Dot(delta + (o + r) * width, x + k * width, width);
        }
        for (; o < rows; o++)
            for (int k = 0; k < inner; k++)
                dw[o * stride + k] += Dot(delta + o * width, x + k * width, width);
    }

    /// <summary>Σ_b u[b] over <paramref name="width"/> floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Sum(float* u, int width)
    {
        Vector256<float> a0 = default, a1 = default;
        for (int b = 0; b < width; b += ColumnStep)
        {
            a0 += Vector256.Load(u + b);
            a1 += Vector256.Load(u + b + Simd.Lanes);
        }
        return Vector256.Sum(a0 + a1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Bias(float* bias, int row) => bias == null ? default : Vector256.Create(bias[row]);

    /// <summary>Σ_b u[b]·v[b] over <paramref name="width"/> floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(float* u, float* v, int width)
    {
        Vector256<float> a0 = default, a1 = default;
        for (int b = 0; b < width; b += ColumnStep)
        {
            a0 = Simd.MultiplyAdd(Vector256.Load(u + b), Vector256.Load(v + b), a0);
            a1 = Simd.MultiplyAdd(Vector256.Load(u + b + Simd.Lanes), Vector256.Load(v + b + Simd.Lanes), a1);
        }
        return Vector256.Sum(a0 + a1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(Vector256<float> z0, Vector256<float> z1, float* y, float* mask, Epilogue epilogue)
    {
        switch (epilogue)
        {
            case Epilogue.Relu:
                z0 = Vector256.Max(z0, Vector256<float>.Zero);
                z1 = Vector256.Max(z1, Vector256<float>.Zero);
                break;
            case Epilogue.MaskPositive:
                z0 &= Vector256.GreaterThan(Vector256.Load(mask), Vector256<float>.Zero);
                z1 &= Vector256.GreaterThan(Vector256.Load(mask + Simd.Lanes), Vector256<float>.Zero);
                break;
            case Epilogue.Add:
                z0 += Vector256.Load(y);
                z1 += Vector256.Load(y + Simd.Lanes);
                break;
        }
        z0.Store(y);
        z1.Store(y + Simd.Lanes);
    }
}
