using ILGPU;
using ILGPU.Runtime;
using TalkingGaussian.Compute;

namespace TalkingGaussian.Motion.Kernels;

/// <summary>
/// ∂L/∂parameters of a motion field on the device: the buffer the per-Gaussian backward kernel adds the tri-plane table
/// gradients to, then <see cref="WeightGradientKernel"/> over the saved context rows for the MLP weights, then one
/// download added into the caller's gradient. Shared by <see cref="FaceMotionKernels"/> and <see cref="MouthMotionKernels"/>.
/// </summary>
internal sealed class WeightGradientPass : IDisposable
{
    private readonly ComputeDevice _device;
    private readonly int _parameterCount;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _tasks;
    private readonly int _taskCount;
    private readonly Action<KernelConfig, ArrayView<float>, int, ArrayView<int>, int, ArrayView<float>, int, int> _kernel;
    private readonly DeviceArray<float> _gradient;
    private readonly float[] _host;

    /// <summary>Loads the kernel and the task table for the per-Gaussian <paramref name="mlps"/> of a field of <paramref name="parameterCount"/> parameters.</summary>
    public WeightGradientPass(ComputeDevice device, int parameterCount, params MlpDims[] mlps)
    {
        _device = device;
        _parameterCount = parameterCount;
        var acc = device.Accelerator;
        var tasks = WeightGradientKernel.Tasks(mlps);
        _taskCount = tasks.Length / WeightGradientKernel.TaskInts;
        _tasks = acc.Allocate1D(tasks);
        _kernel = acc.LoadStreamKernel<ArrayView<float>, int, ArrayView<int>, int, ArrayView<float>, int, int>(WeightGradientKernel.Kernel);
        _gradient = new DeviceArray<float>(acc);
        _host = new float[parameterCount];
    }

    /// <summary>The device gradient buffer [parameters] (valid after <see cref="Clear"/>).</summary>
    public ArrayView<float> Gradient => _gradient.View;

    /// <summary>Zeroes the device gradient before a backward pass.</summary>
    public void Clear()
    {
        _gradient.Resize(_parameterCount);
        _gradient.Clear();
    }

    /// <summary>Gaussians per work item: all of them per task on the CPU accelerator, 256 on CUDA.</summary>
    public int Chunk(int n) => _device.IsCpu ? Math.Max(1, n) : 256;

    /// <summary>Launches the weight-gradient kernel over the <paramref name="n"/> saved rows of <paramref name="context"/> (not synchronised).</summary>
    public void Run(ArrayView<float> context, int rowStride, int n)
    {
        int chunk = Chunk(n);
        _kernel(_device.Shape(_taskCount * ((n + chunk - 1) / chunk)), context, rowStride, _tasks.View, _taskCount, _gradient.View, n, chunk);
    }

    /// <summary>Downloads the device gradient and adds it into <paramref name="gradient"/>.</summary>
    public void AddTo(Span<float> gradient)
    {
        _gradient.Download(_host);
        for (int k = 0; k < gradient.Length; k++) gradient[k] += _host[k];
    }

    public void Dispose()
    {
        _tasks.Dispose();
        _gradient.Dispose();
    }
}
