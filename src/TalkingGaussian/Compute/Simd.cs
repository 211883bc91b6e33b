using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TalkingGaussian.Compute;

/// <summary>The few <see cref="Vector256{T}"/> operations the CPU paths (motion-field blocks, tile compositing) need beyond the operators.</summary>
internal static unsafe class Simd
{
    /// <summary>Lanes of a <see cref="Vector256{T}"/> of floats.</summary>
    public const int Lanes = 8;

    /// <summary>Whether the SIMD paths run at hardware speed here (x64 with AVX2 and FMA).</summary>
    public static bool IsFast => Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported;

    /// <summary>a·b + c, fused where the CPU has FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

    /// <summary>table[index[l]] for the 8 lanes (AVX2 gather, or 8 loads).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Gather(float* table, Vector256<int> index)
    {
        if (Avx2.IsSupported) return Avx2.GatherVector256(table, index, 4);
        return Vector256.Create(table[index[0]], table[index[1]], table[index[2]], table[index[3]],
            table[index[4]], table[index[5]], table[index[6]], table[index[7]]);
    }
}
