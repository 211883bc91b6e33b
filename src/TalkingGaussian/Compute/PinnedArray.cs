using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TalkingGaussian.Compute;

/// <summary>
/// An array allocated on the pinned object heap, so the CPU paths' SIMD loops can hold a raw pointer to it across calls
/// without <c>fixed</c> scopes. It only grows (by at least 1.5×), and its contents are not kept when it does.
/// </summary>
public sealed unsafe class PinnedArray<T> where T : unmanaged
{
    private T[] _array = [];

    /// <summary>Allocates <paramref name="length"/> elements (zeroed).</summary>
    public PinnedArray(int length = 0) => EnsureLength(length);

    /// <summary>Elements available (at least what was asked for).</summary>
    public int Length => _array.Length;

    /// <summary>The first element.</summary>
    public T* Pointer { get; private set; }

    /// <summary>The elements as a span.</summary>
    public Span<T> Span => _array;

    /// <summary>The underlying array.</summary>
    public T[] Array => _array;

    /// <summary>Grows to at least <paramref name="length"/> elements.</summary>
    public void EnsureLength(int length)
    {
        if (length <= _array.Length && Pointer != null) return;
        int size = Math.Max(Math.Max(1, length), _array.Length * 3 / 2);
        _array = GC.AllocateArray<T>(size, pinned: true);
        Pointer = (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
    }
}
