using System.Runtime.CompilerServices;

namespace TalkingGaussian.Rendering;

/// <summary>
/// Everything projection needs from a <see cref="Camera"/> and <see cref="RasterSettings"/>, as a blittable struct that
/// kernels take by value.
/// </summary>
public readonly struct ProjectionParams
{
    public readonly RigidTransform View;
    public readonly float Fx, Fy, Cx, Cy, LimX, LimY;
    public readonly float CamX, CamY, CamZ;
    public readonly int Width, Height, TilesX, TilesY;
    public readonly float NearCull, LowPass, ScaleModifier, RadiusSigmas, MinAlpha;

    public ProjectionParams(Camera camera, RasterSettings settings)
    {
        View = camera.WorldToView;
        Fx = camera.Fx;
        Fy = camera.Fy;
        Cx = 0.5f * (camera.Width - 1);
        Cy = 0.5f * (camera.Height - 1);
        // The original clamps x/z and y/z of the Jacobian to ±1.3·tan(fov/2) (Gaussians far outside the view).
        LimX = 1.3f * camera.TanHalfFovX;
        LimY = 1.3f * camera.TanHalfFovY;
        var c = camera.Center;
        CamX = c.X; CamY = c.Y; CamZ = c.Z;
        Width = camera.Width;
        Height = camera.Height;
        TilesX = (camera.Width + RasterSettings.TileSize - 1) / RasterSettings.TileSize;
        TilesY = (camera.Height + RasterSettings.TileSize - 1) / RasterSettings.TileSize;
        NearCull = settings.NearCull;
        LowPass = settings.LowPassFilter;
        ScaleModifier = settings.ScaleModifier;
        RadiusSigmas = settings.RadiusSigmas;
        MinAlpha = settings.MinAlpha;
    }
}

/// <summary>
/// Per-Gaussian projection (original-code.md §7.2; EWA splatting, Zwicker et al. eq. 29/31): 3D covariance
/// Σ = R S Sᵀ Rᵀ (Eq. 1), screen covariance Σ2D = J W Σ Wᵀ Jᵀ + 0.3·I, conic Σ2D⁻¹, radius and tile rectangle,
/// and the backward pass of all of it. The kernels' helper; <see cref="ReferenceProjection"/> derives the same independently.
/// </summary>
public static class Projection
{
    /// <summary>Margin of <see cref="Splat.PowerFloor"/>.</summary>
    public const float PowerFloorMargin = 0.01f;

    /// <summary>
    /// Projects Gaussian (μ, s, q). Returns the integer radius, 0 when the Gaussian is skipped (near-culled, det Σ2D = 0,
    /// empty tile rectangle); <paramref name="splat"/> then holds no colour (the caller fills R, G, B, Opacity, PowerFloor).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Forward(in ProjectionParams p,
        float mx, float my, float mz, float sx, float sy, float sz, float qw, float qx, float qy, float qz,
        out Splat splat, out TileRect rect)
    {
        splat = default;
        rect = default;
        var v = p.View;
        // View position t = W μ + t_view (OpenCV axes, z forward).
        float tx = v.R00 * mx + v.R01 * my + v.R02 * mz + v.T0;
        float ty = v.R10 * mx + v.R11 * my + v.R12 * mz + v.T1;
        float tz = v.R20 * mx + v.R21 * my + v.R22 * mz + v.T2;
        if (tz <= p.NearCull) return 0;

        Covariance3D(sx * p.ScaleModifier, sy * p.ScaleModifier, sz * p.ScaleModifier, qw, qx, qy, qz,
            out float s00, out float s01, out float s02, out float s11, out float s12, out float s22);
        Cov2D(p, tx, ty, tz, s00, s01, s02, s11, s12, s22, out float a, out float b, out float c);
        a += p.LowPass;
        c += p.LowPass;
        float det = a * c - b * b;
        if (det == 0f) return 0;
        float invDet = 1f / det;

        // Radius from the larger eigenvalue of Σ2D, λ = mid + √max(0.1, mid² − det) (the original takes the max of mid ± √…).
        float mid = 0.5f * (a + c);
        float lambda = mid + MathF.Sqrt(MathF.Max(0.1f, mid * mid - det));
        float radiusF = MathF.Ceiling(p.RadiusSigmas * MathF.Sqrt(lambda));
        if (!(radiusF >= 0f)) return 0; // NaN (a non-finite input)
        radiusF = MathF.Min(radiusF, 1e7f);

        float px = p.Fx * tx / tz + p.Cx;
        float py = p.Fy * ty / tz + p.Cy;
        rect = Rect(px, py, radiusF, p.TilesX, p.TilesY);
        if (rect.Count == 0) return 0;

        splat.X = px;
        splat.Y = py;
        splat.ConicA = c * invDet;
        splat.ConicB = -b * invDet;
        splat.ConicC = a * invDet;
        splat.Depth = tz;
        return (int)radiusF;
    }

    /// <summary>The tile rectangle of a disc (16×16 tiles), clamped to the grid: the original's getRect.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TileRect Rect(float px, float py, float radius, int tilesX, int tilesY)
    {
        const float t = RasterSettings.TileSize;
        TileRect r;
        // (int) truncates toward zero as the original's cast; clamping the float first avoids int overflow.
        r.MinX = (int)Clamp((px - radius) / t, 0f, tilesX);
        r.MinY = (int)Clamp((py - radius) / t, 0f, tilesY);
        r.MaxX = (int)Clamp((px + radius + t - 1f) / t, 0f, tilesX);
        r.MaxY = (int)Clamp((py + radius + t - 1f) / t, 0f, tilesY);
        if (r.MaxX < r.MinX) r.MaxX = r.MinX;
        if (r.MaxY < r.MinY) r.MaxY = r.MinY;
        return r;
    }

    /// <summary>min(max(v, lo), hi) without the argument check of Math.Clamp (a throw cannot compile into a kernel).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Clamp(float v, float lo, float hi) => MathF.Min(MathF.Max(v, lo), hi);

    /// <summary>Opacity-dependent early-reject bound (see <see cref="Splat.PowerFloor"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float PowerFloor(float opacity, float minAlpha) =>
        opacity > 0f ? MathF.Log(minAlpha / opacity) - PowerFloorMargin : float.PositiveInfinity;

    /// <summary>Rotation matrix of a quaternion (w, x, y, z), not normalised again (as the original's computeCov3D).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Rotation(float w, float x, float y, float z,
        out float r00, out float r01, out float r02, out float r10, out float r11, out float r12,
        out float r20, out float r21, out float r22)
    {
        r00 = 1f - 2f * (y * y + z * z); r01 = 2f * (x * y - w * z); r02 = 2f * (x * z + w * y);
        r10 = 2f * (x * y + w * z); r11 = 1f - 2f * (x * x + z * z); r12 = 2f * (y * z - w * x);
        r20 = 2f * (x * z - w * y); r21 = 2f * (y * z + w * x); r22 = 1f - 2f * (x * x + y * y);
    }

    /// <summary>Σ = M Mᵀ with M = R S (Eq. 1); returns the upper triangle.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Covariance3D(float sx, float sy, float sz, float qw, float qx, float qy, float qz,
        out float s00, out float s01, out float s02, out float s11, out float s12, out float s22)
    {
        Rotation(qw, qx, qy, qz, out float r00, out float r01, out float r02, out float r10, out float r11, out float r12,
            out float r20, out float r21, out float r22);
        float m00 = r00 * sx, m01 = r01 * sy, m02 = r02 * sz;
        float m10 = r10 * sx, m11 = r11 * sy, m12 = r12 * sz;
        float m20 = r20 * sx, m21 = r21 * sy, m22 = r22 * sz;
        s00 = m00 * m00 + m01 * m01 + m02 * m02;
        s01 = m00 * m10 + m01 * m11 + m02 * m12;
        s02 = m00 * m20 + m01 * m21 + m02 * m22;
        s11 = m10 * m10 + m11 * m11 + m12 * m12;
        s12 = m10 * m20 + m11 * m21 + m12 * m22;
        s22 = m20 * m20 + m21 * m21 + m22 * m22;
    }

    /// <summary>The clamped Jacobian entries J00, J02, J11, J12 of the perspective map at view point t.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Jacobian(in ProjectionParams p, float tx, float ty, float tz,
        out float j00, out float j02, out float j11, out float j12, out float cx, out float cy)
    {
        // x/z and y/z are clamped to ±1.3·tan(fov/2) before the Jacobian is formed (the original's "txtylimit").
        cx = Clamp(tx / tz, -p.LimX, p.LimX) * tz;
        cy = Clamp(ty / tz, -p.LimY, p.LimY) * tz;
        float iz = 1f / tz, iz2 = iz * iz;
        j00 = p.Fx * iz;
        j02 = -p.Fx * cx * iz2;
        j11 = p.Fy * iz;
        j12 = -p.Fy * cy * iz2;
    }

    /// <summary>Σ2D = T Σ Tᵀ with T = J W (2×3), without the low-pass term: entries (a, b, c) of [[a, b], [b, c]].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Cov2D(in ProjectionParams p, float tx, float ty, float tz,
        float s00, float s01, float s02, float s11, float s12, float s22, out float a, out float b, out float c)
    {
        Jacobian(p, tx, ty, tz, out float j00, out float j02, out float j11, out float j12, out _, out _);
        var v = p.View;
        float t00 = j00 * v.R00 + j02 * v.R20, t01 = j00 * v.R01 + j02 * v.R21, t02 = j00 * v.R02 + j02 * v.R22;
        float t10 = j11 * v.R10 + j12 * v.R20, t11 = j11 * v.R11 + j12 * v.R21, t12 = j11 * v.R12 + j12 * v.R22;
        // u = Σ Tᵀ columns: (Σ t0), (Σ t1)
        float u00 = s00 * t00 + s01 * t01 + s02 * t02, u01 = s01 * t00 + s11 * t01 + s12 * t02, u02 = s02 * t00 + s12 * t01 + s22 * t02;
        float u10 = s00 * t10 + s01 * t11 + s02 * t12, u11 = s01 * t10 + s11 * t11 + s12 * t12, u12 = s02 * t10 + s12 * t11 + s22 * t12;
        a = t00 * u00 + t01 * u01 + t02 * u02;
        b = t00 * u10 + t01 * u11 + t02 * u12;
        c = t10 * u10 + t11 * u11 + t12 * u12;
    }

    /// <summary>
    /// Backward of <see cref="Forward"/> for a visible Gaussian: from g = ∂L/∂(pixel mean, conic, depth) in
    /// <paramref name="g"/> (colour and opacity fields ignored) to ∂L/∂μ, ∂L/∂s (activated scale) and ∂L/∂q (as passed).
    /// Chain: conic → Σ2D (inverse of a 2×2) → (T = J W, Σ) → (J → view position, clamped), (Σ → M = R S → s, R → q);
    /// pixel mean → view position (pinhole); depth → view z; view position → μ through Wᵀ.
    /// </summary>
    public static void Backward(in ProjectionParams p,
        float mx, float my, float mz, float sx, float sy, float sz, float qw, float qx, float qy, float qz,
        in SplatGrad g,
        out float dmx, out float dmy, out float dmz, out float dsx, out float dsy, out float dsz,
        out float dqw, out float dqx, out float dqy, out float dqz)
    {
        var v = p.View;
        float tx = v.R00 * mx + v.R01 * my + v.R02 * mz + v.T0;
        float ty = v.R10 * mx + v.R11 * my + v.R12 * mz + v.T1;
        float tz = v.R20 * mx + v.R21 * my + v.R22 * mz + v.T2;
        float mod = p.ScaleModifier;
        float ssx = sx * mod, ssy = sy * mod, ssz = sz * mod;

        // Recompute M = R S, Σ, T = J W, Σ2D.
        Rotation(qw, qx, qy, qz, out float r00, out float r01, out float r02, out float r10, out float r11, out float r12,
            out float r20, out float r21, out float r22);
        float m00 = r00 * ssx, m01 = r01 * ssy, m02 = r02 * ssz;
        float m10 = r10 * ssx, m11 = r11 * ssy, m12 = r12 * ssz;
        float m20 = r20 * ssx, m21 = r21 * ssy, m22 = r22 * ssz;
        float s00 = m00 * m00 + m01 * m01 + m02 * m02, s01 = m00 * m10 + m01 * m11 + m02 * m12, s02 = m00 * m20 + m01 * m21 + m02 * m22;
        float s11 = m10 * m10 + m11 * m11 + m12 * m12, s12 = m10 * m20 + m11 * m21 + m12 * m22, s22 = m20 * m20 + m21 * m21 + m22 * m22;
        Jacobian(p, tx, ty, tz, out float j00, out float j02, out float j11, out float j12, out float ctx, out float cty);
        float t00 = j00 * v.R00 + j02 * v.R20, t01 = j00 * v.R01 + j02 * v.R21, t02 = j00 * v.R02 + j02 * v.R22;
        float t10 = j11 * v.R10 + j12 * v.R20, t11 = j11 * v.R11 + j12 * v.R21, t12 = j11 * v.R12 + j12 * v.R22;
        // Σ Tᵀ (3×2), column k = Σ·(row k of T).
        float u00 = s00 * t00 + s01 * t01 + s02 * t02, u10 = s01 * t00 + s11 * t01 + s12 * t02, u20 = s02 * t00 + s12 * t01 + s22 * t02;
        float u01 = s00 * t10 + s01 * t11 + s02 * t12, u11 = s01 * t10 + s11 * t11 + s12 * t12, u21 = s02 * t10 + s12 * t11 + s22 * t12;
        float a = t00 * u00 + t01 * u10 + t02 * u20 + p.LowPass;
        float b = t00 * u01 + t01 * u11 + t02 * u21;
        float c = t10 * u01 + t11 * u11 + t12 * u21 + p.LowPass;

        // Conic (A, B, C) = (c, −b, a)/det with det = ac − b². Partial derivatives of each with respect to (a, b, c),
        // b being the single off-diagonal scalar: ∂A/∂a = −c²/det², ∂A/∂b = 2bc/det², ∂A/∂c = −b²/det², etc.
        float det = a * c - b * b;
        float id2 = 1f / (det * det);
        float ga = (-c * c * g.ConicA + b * c * g.ConicB - b * b * g.ConicC) * id2;
        float gc = (-b * b * g.ConicA + a * b * g.ConicB - a * a * g.ConicC) * id2;
        float gb = (2f * b * c * g.ConicA - (a * c + b * b) * g.ConicB + 2f * a * b * g.ConicC) * id2;
        // Symmetric gradient of Σ2D: G = [[ga, gb/2], [gb/2, gc]] (b appears twice in the matrix).
        float h = 0.5f * gb;

        // ∂L/∂Σ = Tᵀ G T (3×3, symmetric). Rows of G T: w0 = ga·t0 + h·t1, w1 = h·t0 + gc·t1.
        float w00 = ga * t00 + h * t10, w01 = ga * t01 + h * t11, w02 = ga * t02 + h * t12;
        float w10 = h * t00 + gc * t10, w11 = h * t01 + gc * t11, w12 = h * t02 + gc * t12;
        float d00 = t00 * w00 + t10 * w10, d01 = t00 * w01 + t10 * w11, d02 = t00 * w02 + t10 * w12;
        float d11 = t01 * w01 + t11 * w11, d12 = t01 * w02 + t11 * w12, d22 = t02 * w02 + t12 * w12;

        // ∂L/∂T = 2 G T Σ (2×3): row k = 2 (G T)_k · Σ.
        float dt00 = 2f * (w00 * s00 + w01 * s01 + w02 * s02), dt01 = 2f * (w00 * s01 + w01 * s11 + w02 * s12), dt02 = 2f * (w00 * s02 + w01 * s12 + w02 * s22);
        float dt10 = 2f * (w10 * s00 + w11 * s01 + w12 * s02), dt11 = 2f * (w10 * s01 + w11 * s11 + w12 * s12), dt12 = 2f * (w10 * s02 + w11 * s12 + w12 * s22);
        // T = J W: ∂L/∂J = ∂L/∂T Wᵀ; only J00, J02, J11, J12 are non-zero.
        float dj00 = dt00 * v.R00 + dt01 * v.R01 + dt02 * v.R02;
        float dj02 = dt00 * v.R20 + dt01 * v.R21 + dt02 * v.R22;
        float dj11 = dt10 * v.R10 + dt11 * v.R11 + dt12 * v.R12;
        float dj12 = dt10 * v.R20 + dt11 * v.R21 + dt12 * v.R22;

        // J00 = fx/z, J02 = −fx·x'/z², J11 = fy/z, J12 = −fy·y'/z² with x', y' the clamped view x, y.
        // As the original, a clamped coordinate passes no gradient and adds no z term through the clamp.
        float iz = 1f / tz, iz2 = iz * iz, iz3 = iz2 * iz;
        float limXz = p.LimX * tz, limYz = p.LimY * tz;
        float xMask = tx < -limXz || tx > limXz ? 0f : 1f;
        float yMask = ty < -limYz || ty > limYz ? 0f : 1f;
        float dtx = xMask * (-p.Fx * iz2 * dj02);
        float dty = yMask * (-p.Fy * iz2 * dj12);
        float dtz = -p.Fx * iz2 * dj00 + 2f * p.Fx * ctx * iz3 * dj02 - p.Fy * iz2 * dj11 + 2f * p.Fy * cty * iz3 * dj12;

        // Pixel mean (fx·x/z + cx, fy·y/z + cy) and depth z.
        dtx += p.Fx * iz * g.X;
        dty += p.Fy * iz * g.Y;
        dtz += -p.Fx * tx * iz2 * g.X - p.Fy * ty * iz2 * g.Y + g.Depth;

        // View position → world mean: t = W μ + t_view, so ∂L/∂μ = Wᵀ ∂L/∂t.
        dmx = v.R00 * dtx + v.R10 * dty + v.R20 * dtz;
        dmy = v.R01 * dtx + v.R11 * dty + v.R21 * dtz;
        dmz = v.R02 * dtx + v.R12 * dty + v.R22 * dtz;

        // Σ = M Mᵀ: ∂L/∂M = 2 ∂L/∂Σ M (∂L/∂Σ symmetric).
        float dm00 = 2f * (d00 * m00 + d01 * m10 + d02 * m20), dm01 = 2f * (d00 * m01 + d01 * m11 + d02 * m21), dm02 = 2f * (d00 * m02 + d01 * m12 + d02 * m22);
        float dm10 = 2f * (d01 * m00 + d11 * m10 + d12 * m20), dm11 = 2f * (d01 * m01 + d11 * m11 + d12 * m21), dm12 = 2f * (d01 * m02 + d11 * m12 + d12 * m22);
        float dm20 = 2f * (d02 * m00 + d12 * m10 + d22 * m20), dm21 = 2f * (d02 * m01 + d12 * m11 + d22 * m21), dm22 = 2f * (d02 * m02 + d12 * m12 + d22 * m22);
        // M_ij = R_ij·s_j·mod: ∂L/∂s_j = mod Σ_i R_ij ∂L/∂M_ij, ∂L/∂R_ij = s_j·mod ∂L/∂M_ij.
        dsx = mod * (r00 * dm00 + r10 * dm10 + r20 * dm20);
        dsy = mod * (r01 * dm01 + r11 * dm11 + r21 * dm21);
        dsz = mod * (r02 * dm02 + r12 * dm12 + r22 * dm22);
        float dr00 = ssx * dm00, dr01 = ssy * dm01, dr02 = ssz * dm02;
        float dr10 = ssx * dm10, dr11 = ssy * dm11, dr12 = ssz * dm12;
        float dr20 = ssx * dm20, dr21 = ssy * dm21, dr22 = ssz * dm22;
        // R(q) is quadratic in q; differentiate each entry of Rotation().
        dqw = 2f * (-qz * dr01 + qy * dr02 + qz * dr10 - qx * dr12 - qy * dr20 + qx * dr21);
        dqx = 2f * (qy * dr01 + qz * dr02 + qy * dr10 - 2f * qx * dr11 - qw * dr12 + qz * dr20 + qw * dr21 - 2f * qx * dr22);
        dqy = 2f * (-2f * qy * dr00 + qx * dr01 + qw * dr02 + qx * dr10 + qz * dr12 - qw * dr20 + qz * dr21 - 2f * qy * dr22);
        dqz = 2f * (-2f * qz * dr00 - qw * dr01 + qx * dr02 + qw * dr10 - 2f * qz * dr11 + qy * dr12 + qx * dr20 + qy * dr21);
    }
}
