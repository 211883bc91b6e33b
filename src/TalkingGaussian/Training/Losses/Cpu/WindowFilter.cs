using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TalkingGaussian.Compute;

namespace TalkingGaussian.Training.Losses.Cpu;

/// <summary>
/// The released SSIM's 11-tap Gaussian g (<see cref="SsimWindow"/>) applied along a row or down a column, 8 pixels per
/// <see cref="Vector256{T}"/>: the two halves of the separable 11×11 window g·gᵀ. Zero padding is the caller's: a row is
/// filtered from a copy with <see cref="Radius"/> zeros on each side, a column sum runs only over the rows inside the image.
/// </summary>
internal static unsafe class WindowFilter
{
    /// <summary>Taps on each side of the centre.</summary>
    public const int Radius = SsimWindow.Radius;

    /// <summary>The taps in float32 (the kernels' rounding) on the pinned heap, and a pointer to them for the vector broadcasts.</summary>
    private static readonly float[] TapArray = GC.AllocateArray<float>(SsimWindow.Size, pinned: true);
    private static readonly float* Taps = PinnedTaps();

    /// <summary>
    /// out[x] = Σ_k g[k]·padded[x + k] for x in [0, <paramref name="width"/>), a multiple of 8: the row filter, with
    /// padded[j] holding the row's value at j − <see cref="Radius"/> (zero outside the image).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Row(float* padded, float* output, int width)
    {
        for (int x = 0; x < width; x += Simd.Lanes)
        {
            float* p = padded + x;
            var acc = Vector256.Create(Taps[0]) * Vector256.Load(p);
            for (int k = 1; k < SsimWindow.Size; k++) acc = Simd.MultiplyAdd(Vector256.Create(Taps[k]), Vector256.Load(p + k), acc);
            acc.Store(output + x);
        }
    }

    /// <summary>
    /// Σ_d g[d + R]·at[d·stride] for d in [<paramref name="from"/>, <paramref name="to"/>]: the column filter at 8 pixels of
    /// one row (<paramref name="at"/> points at them), over the window rows inside the image.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Column(float* at, int stride, int from, int to)
    {
        var acc = Vector256.Create(Taps[from + Radius]) * Vector256.Load(at + from * stride);
        for (int d = from + 1; d <= to; d++) acc = Simd.MultiplyAdd(Vector256.Create(Taps[d + Radius]), Vector256.Load(at + d * stride), acc);
        return acc;
    }

    private static float* PinnedTaps()
    {
        SsimWindow.TapsSingle.CopyTo(TapArray);
        return (float*)Unsafe.AsPointer(ref TapArray[0]);
    }
}
