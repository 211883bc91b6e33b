using System.Runtime.CompilerServices;
using ILGPU;

namespace TalkingGaussian.Rendering;

/// <summary>A Gaussian on screen: what compositing reads per (pixel, Gaussian). 44 bytes, read as one struct.</summary>
public struct Splat
{
    /// <summary>Mean in pixels (integer pixel centres).</summary>
    public float X, Y;

    /// <summary>Conic = Σ2D⁻¹ = [[A, B], [B, C]].</summary>
    public float ConicA, ConicB, ConicC;

    /// <summary>Activated opacity α.</summary>
    public float Opacity;

    /// <summary>RGB colour.</summary>
    public float R, G, B;

    /// <summary>View depth z.</summary>
    public float Depth;

    /// <summary>
    /// An exact early reject: power &lt; PowerFloor implies α·e^power &lt; MinAlpha, so exp need not be evaluated.
    /// ln(MinAlpha/α) less a margin of 0.01 that covers float rounding of exp and ln.
    /// </summary>
    public float PowerFloor;
}

/// <summary>The tile rectangle [MinX, MaxX) × [MinY, MaxY) a Gaussian touches (the original's getRect).</summary>
public struct TileRect
{
    public int MinX, MinY, MaxX, MaxY;

    public readonly int Count => (MaxX - MinX) * (MaxY - MinY);
}

/// <summary>Gradient of a loss with respect to one <see cref="Splat"/> (pixel mean, conic, opacity, colour, depth).</summary>
public struct SplatGrad
{
    public float X, Y, ConicA, ConicB, ConicC, Opacity, R, G, B, Depth;

    /// <summary>Number of floats in the struct (flat per-Gaussian gradient buffers use this stride).</summary>
    public const int Floats = 10;

    /// <summary>Atomically adds <paramref name="g"/> to the <see cref="Floats"/> floats of Gaussian <paramref name="gaussian"/> in a flat buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AtomicAdd(ArrayView<float> buffer, int gaussian, in SplatGrad g)
    {
        int o = gaussian * Floats;
        Atomic.Add(ref buffer[o], g.X);
        Atomic.Add(ref buffer[o + 1], g.Y);
        Atomic.Add(ref buffer[o + 2], g.ConicA);
        Atomic.Add(ref buffer[o + 3], g.ConicB);
        Atomic.Add(ref buffer[o + 4], g.ConicC);
        Atomic.Add(ref buffer[o + 5], g.Opacity);
        Atomic.Add(ref buffer[o + 6], g.R);
        Atomic.Add(ref buffer[o + 7], g.G);
        Atomic.Add(ref buffer[o + 8], g.B);
        Atomic.Add(ref buffer[o + 9], g.Depth);
    }
}
