using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TalkingGaussian.Motion.Cpu;

/// <summary>
/// A float array allocated on the pinned object heap, so the SIMD loops can hold a raw pointer to it across calls without
/// <c>fixed</c> scopes. It only grows, and is not cleared on growth.
/// </summary>
internal sealed unsafe class PinnedFloats
{
    private float[] _array = [];

    /// <summary>Allocates <paramref name="length"/> floats (zeroed).</summary>
    public PinnedFloats(int length = 0) => EnsureLength(length);

    /// <summary>Floats available.</summary>
    public int Length => _array.Length;

    /// <summary>The first float.</summary>
    public float* Pointer { get; private set; }

    /// <summary>The floats as a span.</summary>
    public Span<float> Span => _array;

    /// <summary>Grows to at least <paramref name="length"/> floats (by 1.5× when it grows, contents not kept).</summary>
    public void EnsureLength(int length)
    {
        if (length <= _array.Length && Pointer != null) return;
        int size = Math.Max(Math.Max(1, length), _array.Length * 3 / 2);
        _array = GC.AllocateArray<float>(size, pinned: true);
        Pointer = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
    }
}
