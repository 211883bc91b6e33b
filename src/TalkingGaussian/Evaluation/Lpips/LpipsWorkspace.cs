namespace TalkingGaussian.Evaluation.Lpips;

/// <summary>A channel-last tensor shape.</summary>
internal readonly record struct LpipsShape(int H, int W, int C)
{
    public int Pixels => H * W;
    public int Size => H * W * C;
}

/// <summary>One image's activations: the scaled input, each ReLU output, the two pooled tensors and their argmaxes.</summary>
internal sealed class LpipsActivations(float[] input, float[][] relu, float[][] pooled, int[][] argmax)
{
    public float[] Input { get; } = input;
    public float[][] Relu { get; } = relu;
    public float[][] Pooled { get; } = pooled;
    public int[][] Argmax { get; } = argmax;
}

/// <summary>Every buffer of one image size.</summary>
internal sealed class LpipsWorkspace
{
    public LpipsWorkspace(LpipsLayer[] layers, int width, int height)
    {
        (Width, Height) = (width, height);
        Shapes = new LpipsShape[layers.Length];
        PoolShapes = new LpipsShape[2];
        int h = height, w = width, columns = 0;
        for (int l = 0; l < layers.Length; l++)
        {
            var L = layers[l];
            h = (h + 2 * L.Padding - L.Kernel) / L.Stride + 1;
            w = (w + 2 * L.Padding - L.Kernel) / L.Stride + 1;
            Shapes[l] = new LpipsShape(h, w, L.Out);
            columns = Math.Max(columns, h * w * L.K);
            if (l < 2)
            {
                h = (h - 3) / 2 + 1;
                w = (w - 3) / 2 + 1;
                PoolShapes[l] = new LpipsShape(h, w, L.Out);
            }
            if (h < 1 || w < 1) throw new ArgumentException($"LPIPS (AlexNet) needs images of at least {LpipsAlex.MinimumSize}×{LpipsAlex.MinimumSize} pixels; got {width}×{height}.");
        }
        Columns = new float[columns];
        Image = NewActivations();
        Target = NewActivations();
        TapGrad = Shapes.Select(s => new float[s.Size]).ToArray();
        PoolGrad = PoolShapes.Select(s => new float[s.Size]).ToArray();
        InputGrad = new float[3 * width * height];
    }

    public int Width { get; }
    public int Height { get; }
    public LpipsShape[] Shapes { get; }
    public LpipsShape[] PoolShapes { get; }
    public float[] Columns { get; }
    public LpipsActivations Image { get; }
    public LpipsActivations Target { get; }
    public float[][] TapGrad { get; }
    public float[][] PoolGrad { get; }
    public float[] InputGrad { get; }

    private LpipsActivations NewActivations() => new(
        new float[3 * Width * Height],
        Shapes.Select(s => new float[s.Size]).ToArray(),
        PoolShapes.Select(s => new float[s.Size]).ToArray(),
        PoolShapes.Select(s => new int[s.Size]).ToArray());
}
