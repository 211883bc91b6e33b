using ILGPU;
using ILGPU.Runtime;

namespace TalkingGaussian.Motion.Kernels;

/// <summary>A device buffer that grows on demand and is otherwise reused; <see cref="View"/> is the first <see cref="Length"/> elements.</summary>
internal sealed class DeviceArray<T> : IDisposable where T : unmanaged
{
    private readonly Accelerator _accelerator;
    private MemoryBuffer1D<T, Stride1D.Dense>? _buffer;

    public DeviceArray(Accelerator accelerator) => _accelerator = accelerator;

    public int Length { get; private set; }

    /// <summary>The used part (at least one element is always allocated, so empty views are never passed).</summary>
    public ArrayView<T> View => _buffer!.View.SubView(0, Math.Max(1, Length));

    /// <summary>Sets the length, reallocating only when the capacity is too small.</summary>
    public void Resize(int length)
    {
        if (_buffer is null || _buffer.Length < Math.Max(1, length))
        {
            _buffer?.Dispose();
            _buffer = _accelerator.Allocate1D<T>(Math.Max(1, (long)length));
        }
        Length = length;
    }

    /// <summary>Resizes to <paramref name="data"/>'s length and uploads it.</summary>
    public void Upload(ReadOnlySpan<T> data)
    {
        Resize(data.Length);
        if (data.Length > 0) _buffer!.View.AsContiguous().SubView(0, data.Length).CopyFromCPU(data);
    }

    /// <summary>Zeroes the used part.</summary>
    public void Clear()
    {
        if (Length > 0) _buffer!.View.SubView(0, Length).MemSetToZero();
    }

    /// <summary>Copies the used part to <paramref name="target"/> (of the same length).</summary>
    public void Download(Span<T> target)
    {
        if (target.Length != Length) throw new ArgumentException($"Download target has {target.Length} elements; the device array has {Length}.");
        if (Length > 0) _buffer!.View.AsContiguous().SubView(0, Length).CopyToCPU(target);
    }

    public void Dispose() => _buffer?.Dispose();
}
