using ILGPU;
using ILGPU.Runtime;
using TalkingGaussian.Compute;
using TalkingGaussian.Motion.Kernels;

namespace TalkingGaussian.Training.Losses;

/// <summary>
/// L1 + λ·D-SSIM (paper Eq. 9–11) on a <see cref="ComputeDevice"/>: the separable ILGPU kernels of
/// <see cref="PhotometricLossKernels"/>, fast on the CPU accelerator and compiled for CUDA. Device buffers grow to the
/// largest image seen and are reused; the images are uploaded per call and the gradient is downloaded and added.
/// </summary>
public sealed class KernelPhotometricLoss : IPhotometricLoss
{
    private readonly ComputeDevice _device;
    private readonly DeviceArray<float> _taps, _image, _target, _map, _gradient;
    private readonly DeviceArray<WindowMoments> _moments;
    private readonly DeviceArray<SsimPartials> _partials, _filtered;
    private readonly DeviceArray<double> _sums;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<WindowMoments>, int, int, int> _rowMoments;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<WindowMoments>, ArrayView<float>, ArrayView<SsimPartials>, int, int, int, int, float, int> _columnSsim;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<double>, int, int, int> _rowSums;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<SsimPartials>, ArrayView<SsimPartials>, int, int, int> _rowFilter;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<SsimPartials>, ArrayView<float>, int, int, int, int, float> _columnGradient;
    private float[] _hostGradient = [];
    private double[] _hostSums = [];

    /// <summary>Compiles the kernels on <paramref name="device"/> (the caller keeps ownership of the device).</summary>
    public KernelPhotometricLoss(ComputeDevice device)
    {
        _device = device;
        var acc = device.Accelerator;
        _taps = new(acc); _image = new(acc); _target = new(acc); _map = new(acc); _gradient = new(acc);
        _moments = new(acc); _partials = new(acc); _filtered = new(acc); _sums = new(acc);
        _taps.Upload(SsimWindow.TapsSingle);
        _rowMoments = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<WindowMoments>, int, int, int>(
            PhotometricLossKernels.RowMoments);
        _columnSsim = acc.LoadStreamKernel<ArrayView<float>, ArrayView<WindowMoments>, ArrayView<float>, ArrayView<SsimPartials>, int, int, int, int, float, int>(
            PhotometricLossKernels.ColumnSsim);
        _rowSums = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<double>, int, int, int>(
            PhotometricLossKernels.RowSums);
        _rowFilter = acc.LoadStreamKernel<ArrayView<float>, ArrayView<SsimPartials>, ArrayView<SsimPartials>, int, int, int>(PhotometricLossKernels.RowFilter);
        _columnGradient = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<SsimPartials>, ArrayView<float>, int, int, int, int, float>(
            PhotometricLossKernels.ColumnGradient);
    }

    /// <inheritdoc />
    public PhotometricLossValue Evaluate(ReadOnlySpan<float> image, ReadOnlySpan<float> target, int width, int height,
        float ssimWeight, Span<float> gradient, float scale = 1f)
    {
        PhotometricInputs.Check(image.Length, target.Length, width, height, gradient.Length);
        int n = image.Length, rowCount = 3 * height;
        bool backward = !gradient.IsEmpty;
        _image.Upload(image);
        _target.Upload(target);
        _moments.Resize(n);
        _map.Resize(n);
        _partials.Resize(backward ? n : 0);
        _sums.Resize(2 * rowCount);

        var pixels = _device.Shape(n);
        int chunk = _device.ChunkSize(n);
        _rowMoments(pixels, _taps.View, _image.View, _target.View, _moments.View, width, n, chunk);
        _columnSsim(pixels, _taps.View, _moments.View, _map.View, _partials.View, width, height, n, chunk,
            -scale * ssimWeight / n, backward ? 1 : 0);
        _rowSums(_device.Shape(rowCount), _image.View, _target.View, _map.View, _sums.View, width, rowCount, _device.ChunkSize(rowCount));
        if (backward)
        {
            _gradient.Resize(n);
            _filtered.Resize(n);
            _rowFilter(pixels, _taps.View, _partials.View, _filtered.View, width, n, chunk);
            _columnGradient(pixels, _taps.View, _image.View, _target.View, _filtered.View, _gradient.View, width, height, n, chunk, scale / n);
        }
        _device.Accelerator.Synchronize();

        if (_hostSums.Length != 2 * rowCount) _hostSums = new double[2 * rowCount];
        _sums.Download(_hostSums);
        double ssim = 0, l1 = 0;
        for (int row = 0; row < rowCount; row++)
        {
            ssim += _hostSums[2 * row];
            l1 += _hostSums[2 * row + 1];
        }
        if (backward)
        {
            if (_hostGradient.Length != n) _hostGradient = new float[n];
            _gradient.Download(_hostGradient);
            for (int i = 0; i < n; i++) gradient[i] += _hostGradient[i];
        }
        return new PhotometricLossValue((float)(l1 / n), (float)(1 - ssim / n));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _taps.Dispose(); _image.Dispose(); _target.Dispose(); _map.Dispose(); _gradient.Dispose();
        _moments.Dispose(); _partials.Dispose(); _filtered.Dispose(); _sums.Dispose();
    }
}
