using ILGPU;
using ILGPU.Runtime;

namespace TalkingGaussian.Motion.Kernels;

/// <summary>
/// ∂L/∂W for the per-Gaussian MLPs, formed from the context rows the per-Gaussian kernels saved (tiny-cuda-nn style):
/// ∂L/∂W_k[o, i] = Σ_n δ_k[n, o]·x_k[n, i], layer input x_k and delta δ_k read from each Gaussian's row.
/// A work item is (a block of up to <see cref="RowsPerTask"/> output rows of one layer) × (a chunk of Gaussians): the
/// block is summed in a per-thread array over the chunk, then added with <c>Atomic.Add</c> (one add per weight per chunk,
/// not per Gaussian).
/// </summary>
internal static class WeightGradientKernel
{
    /// <summary>Output rows of W summed together by one work item.</summary>
    public const int RowsPerTask = 8;

    /// <summary>Largest layer input a task can take.</summary>
    public const int MaxInput = 128;

    /// <summary>Gaussians gathered into per-thread arrays before their outer products are summed.</summary>
    public const int Gather = 8;

    /// <summary>Ints per task: weight offset of the block, layer input width, x offset in the row, delta offset of the block, rows.</summary>
    public const int TaskInts = 5;

    /// <summary>The kernel: grid-stride over (task, chunk) items.</summary>
    /// <param name="context">[N, rowStride] saved rows (layer inputs and deltas).</param>
    /// <param name="rowStride">Floats per Gaussian row.</param>
    /// <param name="tasks">[taskCount, 5] task table.</param>
    /// <param name="taskCount">Number of tasks.</param>
    /// <param name="gp">Parameter gradient view (weights at the tasks' offsets).</param>
    /// <param name="n">Gaussians.</param>
    /// <param name="chunkGaussians">Gaussians per chunk.</param>
    public static void Kernel(ArrayView<float> context, int rowStride, ArrayView<int> tasks, int taskCount, ArrayView<float> gp,
        int n, int chunkGaussians)
    {
        int threads = Grid.DimX * Group.DimX, t = Grid.GlobalIndex.X;
        int chunks = (n + chunkGaussians - 1) / chunkGaussians;
        int items = taskCount * chunks;
        var acc = new float[RowsPerTask * MaxInput];
        var xs = new float[Gather * MaxInput];
        var ds = new float[Gather * RowsPerTask];
        for (int item = t; item < items; item += threads)
        {
            int task = item % taskCount, chunk = item / taskCount;
            int w = tasks[TaskInts * task], nIn = tasks[TaskInts * task + 1], xOffset = tasks[TaskInts * task + 2];
            int dOffset = tasks[TaskInts * task + 3], rows = tasks[TaskInts * task + 4];
            for (int k = 0; k < rows * nIn; k++) acc[k] = 0f;
            int begin = chunk * chunkGaussians, end = Math.Min(n, begin + chunkGaussians);
            for (int g0 = begin; g0 < end; g0 += Gather)
            {
                // gather up to Gather Gaussians' deltas and inputs (one view read each), skipping all-inactive rows
                int count = 0;
                for (int g = g0; g < Math.Min(end, g0 + Gather); g++)
                {
                    int row = g * rowStride;
                    bool any = false;
                    for (int r = 0; r < rows; r++)
                    {
                        float d = context[row + dOffset + r];
                        ds[count * RowsPerTask + r] = d;
                        any |= d != 0f;
                    }
                    if (!any) continue;
                    for (int i = 0; i < nIn; i++) xs[count * MaxInput + i] = context[row + xOffset + i];
                    count++;
                }
                // acc[r, :] += δ_b[r]·x_b, four gathered Gaussians per read-modify-write of acc, skipping rows a ReLU switched off
                int b = 0;
                for (; b + 3 < count; b += 4)
                    for (int r = 0; r < rows; r++)
                    {
                        float d0 = ds[b * RowsPerTask + r], d1 = ds[(b + 1) * RowsPerTask + r];
                        float d2 = ds[(b + 2) * RowsPerTask + r], d3 = ds[(b + 3) * RowsPerTask + r];
                        if (d0 == 0f && d1 == 0f && d2 == 0f && d3 == 0f) continue;
                        int a = r * nIn, x0 = b * MaxInput, x1 = x0 + MaxInput, x2 = x1 + MaxInput, x3 = x2 + MaxInput;
                        for (int i = 0; i < nIn; i++) acc[a + i] += d0 * xs[x0 + i] + d1 * xs[x1 + i] + d2 * xs[x2 + i] + d3 * xs[x3 + i];
                    }
                for (; b < count; b++)
                    for (int r = 0; r < rows; r++)
                    {
                        float d = ds[b * RowsPerTask + r];
                        if (d == 0f) continue;
                        int a = r * nIn, x = b * MaxInput;
                        for (int i = 0; i < nIn; i++) acc[a + i] += d * xs[x + i];
                    }
            }
            for (int k = 0; k < rows * nIn; k++)
                if (acc[k] != 0f) Atomic.Add(ref gp[w + k], acc[k]);
        }
    }

    /// <summary>The task table for <paramref name="mlps"/> (each with its row offsets).</summary>
    public static int[] Tasks(params MlpDims[] mlps)
    {
        var tasks = new List<int>();
        foreach (var m in mlps)
        {
            int w = m.WeightOffset;
            for (int k = 0; k < m.Layers; k++)
            {
                int nIn = k == 0 ? m.In : m.Hidden, nOut = k == m.Layers - 1 ? m.Out : m.Hidden;
                if (nIn > MaxInput) throw new ArgumentException($"A layer input of {nIn} exceeds the kernel limit of {MaxInput}.");
                int x = k == 0 ? m.InOffset : m.HiddenOffset + (k - 1) * m.Hidden;
                for (int r0 = 0; r0 < nOut; r0 += RowsPerTask)
                    tasks.AddRange([w + r0 * nIn, nIn, x, m.DeltaOffset + k * m.Hidden + r0, Math.Min(RowsPerTask, nOut - r0)]);
                w += nIn * nOut;
            }
        }
        return tasks.ToArray();
    }
}
