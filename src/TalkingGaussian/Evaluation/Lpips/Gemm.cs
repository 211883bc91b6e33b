using System.Runtime.Intrinsics;

namespace TalkingGaussian.Evaluation.Lpips;

/// <summary>
/// C[M, N] = A[M, K]·B[K, N] for row-major float matrices on the CPU, the one primitive LPIPS's convolutions reduce to
/// (im2col rows × transposed weights forward, output gradients × weights backward). Blocks of 4 rows of C × 32 columns
/// stay in eight 512-bit registers (× 16 columns in 256-bit ones where AVX-512 is missing, and for the remainder) while
/// K streams through (one broadcast of A and two loads of B per 8 FMAs); blocks of rows run in parallel. Each element's
/// sum runs in K order, so results do not depend on the thread count. On the 2-core VM the 512-bit block ran conv2 of
/// a 512² frame (3969 × 1600 × 192) 1.47× faster than the 256-bit one on one thread (13.9 against 9.4 GF/s, loaded).
/// </summary>
internal static unsafe class Gemm
{
    private const int RowBlock = 4;

    /// <summary>Overwrites C with A·B.</summary>
    public static void Multiply(float[] a, float[] b, float[] c, int m, int k, int n)
    {
        if ((long)m * k > a.Length || (long)k * n > b.Length || (long)m * n > c.Length)
            throw new ArgumentException($"GEMM {m}×{k} · {k}×{n} does not fit buffers of {a.Length}, {b.Length}, {c.Length}.");
        int blocks = (m + RowBlock - 1) / RowBlock;
        long work = (long)m * n * k;
        if (work < 1 << 20 || blocks < 2)
        {
            Rows(a, b, c, 0, m, k, n);
            return;
        }
        int chunks = Math.Min(blocks, Environment.ProcessorCount * 4);
        Parallel.For(0, chunks, chunk =>
        {
            int b0 = (int)((long)blocks * chunk / chunks), b1 = (int)((long)blocks * (chunk + 1) / chunks);
            Rows(a, b, c, b0 * RowBlock, Math.Min(m, b1 * RowBlock), k, n);
        });
    }

    private static void Rows(float[] a, float[] b, float[] c, int from, int to, int k, int n)
    {
        fixed (float* pa = a, pb = b, pc = c)
        {
            int i = from;
            for (; i + RowBlock <= to; i += RowBlock) Block4(pa + (long)i * k, pb, pc + (long)i * n, k, n);
            for (; i < to; i++) Block1(pa + (long)i * k, pb, pc + (long)i * n, k, n);
        }
    }

    private static void Block4(float* a, float* b, float* c, int k, int n)
    {
        float* a1 = a + k, a2 = a + 2 * k, a3 = a + 3 * k;
        int j = Vector512.IsHardwareAccelerated ? Block4Wide(a, b, c, k, n) : 0;
        for (; j + 16 <= n; j += 16)
        {
            Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
            float* bp = b + j;
            for (int p = 0; p < k; p++, bp += n)
            {
                var b0 = Vector256.Load(bp);
                var b1 = Vector256.Load(bp + 8);
                var x = Vector256.Create(a[p]);
                c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
                x = Vector256.Create(a1[p]);
                c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
                x = Vector256.Create(a2[p]);
                c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
                x = Vector256.Create(a3[p]);
                c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
            }
            c00.Store(c + j); c01.Store(c + j + 8);
            c10.Store(c + n + j); c11.Store(c + n + j + 8);
            c20.Store(c + 2 * n + j); c21.Store(c + 2 * n + j + 8);
            c30.Store(c + 3 * n + j); c31.Store(c + 3 * n + j + 8);
        }
        for (; j < n; j++)
        {
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int p = 0; p < k; p++)
            {
                float bv = b[(long)p * n + j];
                s0 += a[p] * bv; s1 += a1[p] * bv; s2 += a2[p] * bv; s3 += a3[p] * bv;
            }
            c[j] = s0; c[n + j] = s1; c[2 * n + j] = s2; c[3 * n + j] = s3;
        }
    }

    /// <summary>The 4-row block with 512-bit registers (4 × 32 columns), where the CPU has them: columns [0, returned).</summary>
    private static int Block4Wide(float* a, float* b, float* c, int k, int n)
    {
        float* a1 = a + k, a2 = a + 2 * k, a3 = a + 3 * k;
        int j = 0;
        for (; j + 32 <= n; j += 32)
        {
            Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
            float* bp = b + j;
            for (int p = 0; p < k; p++, bp += n)
            {
                var b0 = Vector512.Load(bp);
                var b1 = Vector512.Load(bp + 16);
                var x = Vector512.Create(a[p]);
                c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
                x = Vector512.Create(a1[p]);
                c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
                x = Vector512.Create(a2[p]);
                c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
                x = Vector512.Create(a3[p]);
                c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            }
            c00.Store(c + j); c01.Store(c + j + 16);
            c10.Store(c + n + j); c11.Store(c + n + j + 16);
            c20.Store(c + 2 * n + j); c21.Store(c + 2 * n + j + 16);
            c30.Store(c + 3 * n + j); c31.Store(c + 3 * n + j + 16);
        }
        return j;
    }

    private static void Block1(float* a, float* b, float* c, int k, int n)
    {
        int j = 0;
        for (; j + 8 <= n; j += 8)
        {
            Vector256<float> acc = default;
            float* bp = b + j;
            for (int p = 0; p < k; p++, bp += n) acc = Vector256.FusedMultiplyAdd(Vector256.Create(a[p]), Vector256.Load(bp), acc);
            acc.Store(c + j);
        }
        for (; j < n; j++)
        {
            float s = 0;
            for (int p = 0; p < k; p++) s += a[p] * b[(long)p * n + j];
            c[j] = s;
        }
    }
}
