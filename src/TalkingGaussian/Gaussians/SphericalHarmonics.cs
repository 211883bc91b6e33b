using System.Runtime.CompilerServices;

namespace TalkingGaussian.Gaussians;

/// <summary>
/// The 16 real SH basis values of degree ≤ 3 at one direction (entries above the active degree are 0).
/// A plain struct of fields so that ILGPU kernels can keep it in registers.
/// </summary>
public struct ShBasis
{
    public float B0, B1, B2, B3, B4, B5, B6, B7, B8, B9, B10, B11, B12, B13, B14, B15;

    /// <summary>Basis value k (0 ≤ k &lt; 16).</summary>
    public float this[int k]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        readonly get => k switch
        {
            0 => B0, 1 => B1, 2 => B2, 3 => B3, 4 => B4, 5 => B5, 6 => B6, 7 => B7,
            8 => B8, 9 => B9, 10 => B10, 11 => B11, 12 => B12, 13 => B13, 14 => B14, _ => B15,
        };
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set
        {
            switch (k)
            {
                case 0: B0 = value; break;
                case 1: B1 = value; break;
                case 2: B2 = value; break;
                case 3: B3 = value; break;
                case 4: B4 = value; break;
                case 5: B5 = value; break;
                case 6: B6 = value; break;
                case 7: B7 = value; break;
                case 8: B8 = value; break;
                case 9: B9 = value; break;
                case 10: B10 = value; break;
                case 11: B11 = value; break;
                case 12: B12 = value; break;
                case 13: B13 = value; break;
                case 14: B14 = value; break;
                default: B15 = value; break;
            }
        }
    }
}

/// <summary>
/// View-dependent colour from real spherical harmonics (original-code.md §3.1), degree ≤ 3:
/// c = Σₖ Yₖ(d)·fₖ + 0.5, clamped at ≥ 0, with d = normalise(μ − camera centre).
/// Coefficients are stored [N, K, 3] (K = (degree+1)², k = 0 the DC term). The helpers are static and allocation-free
/// so the rasterizer kernels (CPU and CUDA) and the scalar reference share them.
/// </summary>
public static class SphericalHarmonics
{
    /// <summary>Highest supported degree.</summary>
    public const int MaxDegree = 3;

    public const float C0 = 0.28209479177387814f;
    public const float C1 = 0.4886025119029199f;
    public const float C20 = 1.0925484305920792f, C21 = -1.0925484305920792f, C22 = 0.31539156525252005f,
        C23 = -1.0925484305920792f, C24 = 0.5462742152960396f;
    public const float C30 = -0.5900435899266435f, C31 = 2.890611442640554f, C32 = -0.4570457994644658f,
        C33 = 0.3731763325901154f, C34 = -0.4570457994644658f, C35 = 1.445305721320277f, C36 = -0.5900435899266435f;

    /// <summary>Offset added to the SH sum before the ≥ 0 clamp.</summary>
    public const float ColorOffset = 0.5f;

    /// <summary>Coefficients per channel for a degree: (degree + 1)².</summary>
    public static int CoefficientCount(int degree) => (degree + 1) * (degree + 1);

    /// <summary>The basis Yₖ(x, y, z) for a unit direction, up to <paramref name="degree"/>; higher entries are 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShBasis Basis(int degree, float x, float y, float z)
    {
        var b = default(ShBasis);
        b.B0 = C0;
        if (degree < 1) return b;
        b.B1 = -C1 * y;
        b.B2 = C1 * z;
        b.B3 = -C1 * x;
        if (degree < 2) return b;
        float xx = x * x, yy = y * y, zz = z * z;
        b.B4 = C20 * x * y;
        b.B5 = C21 * y * z;
        b.B6 = C22 * (2f * zz - xx - yy);
        b.B7 = C23 * x * z;
        b.B8 = C24 * (xx - yy);
        if (degree < 3) return b;
        b.B9 = C30 * y * (3f * xx - yy);
        b.B10 = C31 * x * y * z;
        b.B11 = C32 * y * (4f * zz - xx - yy);
        b.B12 = C33 * z * (2f * zz - 3f * xx - 3f * yy);
        b.B13 = C34 * x * (4f * zz - xx - yy);
        b.B14 = C35 * z * (xx - yy);
        b.B15 = C36 * x * (xx - 3f * yy);
        return b;
    }

    /// <summary>
    /// Chain rule through the basis: given gₖ = ∂L/∂Yₖ, returns ∂L/∂(x, y, z) = Σₖ gₖ ∂Yₖ/∂(x, y, z)
    /// (the direction treated as free, before normalisation).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BasisBackward(int degree, float x, float y, float z, in ShBasis g, out float dx, out float dy, out float dz)
    {
        dx = 0f; dy = 0f; dz = 0f;
        if (degree < 1) return;
        dy += -C1 * g.B1;
        dz += C1 * g.B2;
        dx += -C1 * g.B3;
        if (degree < 2) return;
        float xx = x * x, yy = y * y, zz = z * z;
        dx += C20 * y * g.B4; dy += C20 * x * g.B4;
        dy += C21 * z * g.B5; dz += C21 * y * g.B5;
        dx += -2f * C22 * x * g.B6; dy += -2f * C22 * y * g.B6; dz += 4f * C22 * z * g.B6;
        dx += C23 * z * g.B7; dz += C23 * x * g.B7;
        dx += 2f * C24 * x * g.B8; dy += -2f * C24 * y * g.B8;
        if (degree < 3) return;
        dx += 6f * C30 * x * y * g.B9; dy += C30 * (3f * xx - 3f * yy) * g.B9;
        dx += C31 * y * z * g.B10; dy += C31 * x * z * g.B10; dz += C31 * x * y * g.B10;
        dx += -2f * C32 * x * y * g.B11; dy += C32 * (4f * zz - xx - 3f * yy) * g.B11; dz += 8f * C32 * y * z * g.B11;
        dx += -6f * C33 * x * z * g.B12; dy += -6f * C33 * y * z * g.B12; dz += C33 * (6f * zz - 3f * xx - 3f * yy) * g.B12;
        dx += C34 * (4f * zz - 3f * xx - yy) * g.B13; dy += -2f * C34 * x * y * g.B13; dz += 8f * C34 * x * z * g.B13;
        dx += 2f * C35 * x * z * g.B14; dy += -2f * C35 * y * z * g.B14; dz += C35 * (xx - yy) * g.B14;
        dx += C36 * (3f * xx - 3f * yy) * g.B15; dy += -6f * C36 * x * y * g.B15;
    }

    /// <summary>d = v/‖v‖ for the view direction v = μ − camera centre; returns ‖v‖ (a zero vector maps to (0, 0, 0)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Normalize(float vx, float vy, float vz, out float x, out float y, out float z)
    {
        float n = MathF.Sqrt(vx * vx + vy * vy + vz * vz);
        float inv = n > 0f ? 1f / n : 0f;
        x = vx * inv; y = vy * inv; z = vz * inv;
        return n;
    }

    /// <summary>∂L/∂v through d = v/‖v‖: (g − d(d·g))/‖v‖.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NormalizeBackward(float norm, float x, float y, float z, float gx, float gy, float gz,
        out float dvx, out float dvy, out float dvz)
    {
        float inv = norm > 0f ? 1f / norm : 0f;
        float dot = x * gx + y * gy + z * gz;
        dvx = (gx - x * dot) * inv;
        dvy = (gy - y * dot) * inv;
        dvz = (gz - z * dot) * inv;
    }

    /// <summary>
    /// Host helper: the clamped colour of one Gaussian with coefficients <paramref name="coefficients"/> [K, 3]
    /// seen along the (unnormalised) direction <paramref name="vx"/>, <paramref name="vy"/>, <paramref name="vz"/>.
    /// </summary>
    public static (float R, float G, float B) Evaluate(ReadOnlySpan<float> coefficients, int degree, float vx, float vy, float vz)
    {
        Normalize(vx, vy, vz, out float x, out float y, out float z);
        var basis = Basis(degree, x, y, z);
        int k = CoefficientCount(degree);
        float r = ColorOffset, g = ColorOffset, b = ColorOffset;
        for (int j = 0; j < k; j++)
        {
            float y_ = basis[j];
            r += y_ * coefficients[3 * j];
            g += y_ * coefficients[3 * j + 1];
            b += y_ * coefficients[3 * j + 2];
        }
        return (MathF.Max(r, 0f), MathF.Max(g, 0f), MathF.Max(b, 0f));
    }

    /// <summary>
    /// Host helper, backward of <see cref="Evaluate"/>: adds ∂L/∂f to <paramref name="dCoefficients"/> [K, 3] and returns
    /// ∂L/∂v for the unnormalised direction. Channels clamped at 0 in the forward pass pass no gradient.
    /// </summary>
    public static (float X, float Y, float Z) EvaluateBackward(ReadOnlySpan<float> coefficients, int degree, float vx, float vy, float vz,
        float dr, float dg, float db, Span<float> dCoefficients)
    {
        float norm = Normalize(vx, vy, vz, out float x, out float y, out float z);
        var basis = Basis(degree, x, y, z);
        int k = CoefficientCount(degree);
        float r = ColorOffset, g = ColorOffset, b = ColorOffset;
        for (int j = 0; j < k; j++)
        {
            r += basis[j] * coefficients[3 * j];
            g += basis[j] * coefficients[3 * j + 1];
            b += basis[j] * coefficients[3 * j + 2];
        }
        if (r < 0f) dr = 0f;
        if (g < 0f) dg = 0f;
        if (b < 0f) db = 0f;
        var dBasis = default(ShBasis);
        for (int j = 0; j < k; j++)
        {
            dCoefficients[3 * j] += basis[j] * dr;
            dCoefficients[3 * j + 1] += basis[j] * dg;
            dCoefficients[3 * j + 2] += basis[j] * db;
            dBasis[j] = coefficients[3 * j] * dr + coefficients[3 * j + 1] * dg + coefficients[3 * j + 2] * db;
        }
        BasisBackward(degree, x, y, z, dBasis, out float dx, out float dy, out float dz);
        NormalizeBackward(norm, x, y, z, dx, dy, dz, out float dvx, out float dvy, out float dvz);
        return (dvx, dvy, dvz);
    }
}
