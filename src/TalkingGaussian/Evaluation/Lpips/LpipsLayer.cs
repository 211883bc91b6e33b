namespace TalkingGaussian.Evaluation.Lpips;

/// <summary>A convolution with its weights in the two GEMM layouts: [K, Out] (forward) and [Out, K] (backward), K in (ky, kx, c) order.</summary>
internal sealed class LpipsLayer
{
    public LpipsLayer(ConvLayer c)
    {
        (Out, In, Kernel, Stride, Padding, Bias) = (c.Out, c.In, c.Kernel, c.Stride, c.Padding, c.Bias);
        K = Kernel * Kernel * In;
        Weights = new float[Out * K];
        Transposed = new float[K * Out];
        for (int o = 0; o < Out; o++)
            for (int i = 0; i < In; i++)
                for (int ky = 0; ky < Kernel; ky++)
                    for (int kx = 0; kx < Kernel; kx++)
                    {
                        int k = (ky * Kernel + kx) * In + i;
                        float w = c.Weight[((o * In + i) * Kernel + ky) * Kernel + kx];
                        Weights[o * K + k] = w;
                        Transposed[k * Out + o] = w;
                    }
    }

    /// <summary>Rows of patches: row (oy, ox) holds the input under the kernel in (ky, kx, c) order, zeros outside.</summary>
    public void Im2Col(float[] input, LpipsShape i, LpipsShape o, float[] columns)
    {
        int k = Kernel, rowLength = K;
        for (int oy = 0; oy < o.H; oy++)
            for (int ox = 0; ox < o.W; ox++)
            {
                var row = columns.AsSpan((oy * o.W + ox) * rowLength, rowLength);
                for (int ky = 0; ky < k; ky++)
                {
                    int iy = oy * Stride - Padding + ky;
                    var dst = row.Slice(ky * k * i.C, k * i.C);
                    if (iy < 0 || iy >= i.H) { dst.Clear(); continue; }
                    for (int kx = 0; kx < k; kx++)
                    {
                        int ix = ox * Stride - Padding + kx;
                        var cell = dst.Slice(kx * i.C, i.C);
                        if (ix < 0 || ix >= i.W) cell.Clear();
                        else input.AsSpan((iy * i.W + ix) * i.C, i.C).CopyTo(cell);
                    }
                }
            }
    }

    /// <summary>The adjoint of <see cref="Im2Col"/>: adds each patch row back onto the input positions it came from.</summary>
    public void Col2Im(float[] columns, float[] input, LpipsShape i, LpipsShape o)
    {
        int k = Kernel, rowLength = K;
        for (int oy = 0; oy < o.H; oy++)
            for (int ox = 0; ox < o.W; ox++)
            {
                int row = (oy * o.W + ox) * rowLength;
                for (int ky = 0; ky < k; ky++)
                {
                    int iy = oy * Stride - Padding + ky;
                    if (iy < 0 || iy >= i.H) continue;
                    for (int kx = 0; kx < k; kx++)
                    {
                        int ix = ox * Stride - Padding + kx;
                        if (ix < 0 || ix >= i.W) continue;
                        var src = columns.AsSpan(row + (ky * k + kx) * i.C, i.C);
                        var dst = input.AsSpan((iy * i.W + ix) * i.C, i.C);
                        for (int c = 0; c < src.Length; c++) dst[c] += src[c];
                    }
                }
            }
    }

    public int Out { get; }
    public int In { get; }
    public int Kernel { get; }
    public int Stride { get; }
    public int Padding { get; }
    public int K { get; }
    public float[] Bias { get; }
    public float[] Weights { get; }
    public float[] Transposed { get; }
}
