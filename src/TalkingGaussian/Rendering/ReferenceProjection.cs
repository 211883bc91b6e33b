namespace TalkingGaussian.Rendering;

/// <summary>One Gaussian on screen as the reference rasterizer sees it (double precision).</summary>
public struct ReferenceSplat
{
    /// <summary>Mean in pixels (integer pixel centres) and view depth z.</summary>
    public double U, V, Depth;

    /// <summary>Conic Σ′⁻¹ = [[A, B], [B, C]], Σ′ the screen covariance with its low-pass term.</summary>
    public double A, B, C;

    /// <summary>Activated opacity and colour.</summary>
    public double Opacity, R, G, Bl;

    /// <summary>ln(MinAlpha/α): below this power, α·e^power &lt; MinAlpha, so a pixel skips the Gaussian without the exponential.</summary>
    public double MinPower;

    /// <summary>Integer radius ⌈k√λmax⌉; 0 when the Gaussian is culled.</summary>
    public int Radius;

    /// <summary>Tile rectangle [MinX, MaxX) × [MinY, MaxY).</summary>
    public int MinX, MinY, MaxX, MaxY;
}

/// <summary>∂L/∂ of the screen-space quantities of one <see cref="ReferenceSplat"/>.</summary>
public struct ReferenceSplatGradient
{
    /// <summary>∂L/∂(U, V, depth, A, B, C, opacity, R, G, B).</summary>
    public double U, V, Depth, A, B, C, Opacity, R, G, Bl;
}

/// <summary>
/// The reference rasterizer's projection of one Gaussian, written as the matrix products of paper §3.1 and 3D Gaussian
/// splatting, and its backward pass written out as matrix calculus. It shares no code with <see cref="Projection"/>
/// (the kernels' helper), so comparing the two tests the maths:
/// <list type="bullet">
/// <item>Eq. 1: Σ = R S Sᵀ Rᵀ, R the rotation of q (not normalised again), S = diag(s·modifier);</item>
/// <item>EWA splatting: Σ′ = J W Σ Wᵀ Jᵀ + 0.3·I (the low-pass term), J the Jacobian of the perspective map at the view
/// position t = W μ + t_w, with x/z and y/z clamped to ±1.3·tan(fov/2) as the released rasterizer does;</item>
/// <item>culled when z ≤ NearCull, det Σ′ = 0, or the tile rectangle is empty; radius ⌈3√λmax⌉ with
/// λmax = mid + √max(0.1, mid² − det) (original-code.md §7.2).</item>
/// </list>
/// </summary>
public static class ReferenceProjection
{
    /// <summary>
    /// Projects Gaussian (μ, s, q). Returns false when it is culled. Fills the geometry of <paramref name="splat"/>
    /// (mean, depth, conic, radius, tile rectangle); colour and opacity are the caller's.
    /// </summary>
    public static bool Forward(in ReferenceCamera cam, double mx, double my, double mz, double sx, double sy, double sz,
        double qw, double qx, double qy, double qz, ref ReferenceSplat splat)
    {
        var st = cam.Settings;
        var (tx, ty, tz) = cam.ToView(mx, my, mz);
        splat.Radius = 0;
        if (tz <= st.NearCull) return false;

        var sigma = Covariance(sx, sy, sz, qw, qx, qy, qz, st.ScaleModifier, out _, out _);
        var t = Jacobian(cam, tx, ty, tz, out _, out _, out _, out _) * cam.W;
        var screen = t * sigma * t.Transpose(); // top-left 2×2 block is J W Σ Wᵀ Jᵀ
        double a = screen.M00 + st.LowPassFilter, b = screen.M01, c = screen.M11 + st.LowPassFilter;
        double det = a * c - b * b;
        if (det == 0) return false;

        double mid = 0.5 * (a + c);
        double lambdaMax = mid + Math.Sqrt(Math.Max(0.1, mid * mid - det));
        double radius = Math.Ceiling(st.RadiusSigmas * Math.Sqrt(lambdaMax));
        if (!(radius >= 0)) return false; // NaN from a non-finite input
        radius = Math.Min(radius, 1e7);

        splat.U = cam.Fx * tx / tz + cam.Cx;
        splat.V = cam.Fy * ty / tz + cam.Cy;
        // The released getRect: ⌊(p − r)/16⌋ and ⌊(p + r + 15)/16⌋, clamped to the grid.
        const double tile = RasterSettings.TileSize;
        splat.MinX = (int)Math.Clamp(Math.Floor((splat.U - radius) / tile), 0, cam.TilesX);
        splat.MinY = (int)Math.Clamp(Math.Floor((splat.V - radius) / tile), 0, cam.TilesY);
        splat.MaxX = (int)Math.Clamp(Math.Floor((splat.U + radius + tile - 1) / tile), 0, cam.TilesX);
        splat.MaxY = (int)Math.Clamp(Math.Floor((splat.V + radius + tile - 1) / tile), 0, cam.TilesY);
        if (splat.MaxX <= splat.MinX || splat.MaxY <= splat.MinY) return false;

        splat.Depth = tz;
        splat.A = c / det; // [[a, b], [b, c]]⁻¹ = [[c, −b], [−b, a]] / det
        splat.B = -b / det;
        splat.C = a / det;
        splat.Radius = (int)radius;
        return true;
    }

    /// <summary>
    /// Backward of <see cref="Forward"/> for a visible Gaussian: from ∂L/∂(pixel mean, depth, conic) in <paramref name="g"/>
    /// to ∂L/∂μ, ∂L/∂s (activated) and ∂L/∂q (as passed). Matrix gradients G_X = ∂L/∂X use the full-matrix convention
    /// (a symmetric X gets a symmetric G_X), so every step is one line of matrix calculus.
    /// </summary>
    public static void Backward(in ReferenceCamera cam, double mx, double my, double mz, double sx, double sy, double sz,
        double qw, double qx, double qy, double qz, in ReferenceSplatGradient g,
        out (double X, double Y, double Z) dMean, out (double X, double Y, double Z) dScale, out (double W, double X, double Y, double Z) dRotation)
    {
        var st = cam.Settings;
        double mod = st.ScaleModifier;
        var (tx, ty, tz) = cam.ToView(mx, my, mz);
        var sigma = Covariance(sx, sy, sz, qw, qx, qy, qz, mod, out var rot, out var m);
        var j = Jacobian(cam, tx, ty, tz, out double xClamped, out double yClamped, out bool xFree, out bool yFree);
        var w = cam.W;
        var t = j * w;
        var screen = t * sigma * t.Transpose();
        double a = screen.M00 + st.LowPassFilter, b = screen.M01, c = screen.M11 + st.LowPassFilter, det = a * c - b * b;
        var conic = new Mat3(c / det, -b / det, 0, -b / det, a / det, 0, 0, 0, 0);

        // Conic K = Σ′⁻¹: dK = −K dΣ′ K, so G_Σ′ = −K G_K K. B sits twice in K, so each copy gets half of ∂L/∂B.
        var gConic = new Mat3(g.A, 0.5 * g.B, 0, 0.5 * g.B, g.C, 0, 0, 0, 0);
        var gScreen = -1.0 * (conic * gConic * conic);
        // Σ′ = T Σ Tᵀ (+ constant), T = J W: G_Σ = Tᵀ G_Σ′ T, G_T = 2 G_Σ′ T Σ, G_J = G_T Wᵀ.
        var gSigma = t.Transpose() * gScreen * t;
        var gT = 2.0 * (gScreen * t * sigma);
        var gJ = gT * w.Transpose();
        // Σ = M Mᵀ with M = R S: G_M = 2 G_Σ M; ∂L/∂s_k = mod·Σᵢ Rᵢₖ (G_M)ᵢₖ = mod·(Rᵀ G_M)ₖₖ; G_R = G_M S.
        var gM = 2.0 * (gSigma * m);
        var rtgm = rot.Transpose() * gM;
        dScale = (mod * rtgm.M00, mod * rtgm.M11, mod * rtgm.M22);
        var gR = gM * Mat3.Diagonal(sx * mod, sy * mod, sz * mod);
        dRotation = (Mat3.Dot(gR, RotationDerivative(0, qw, qx, qy, qz)), Mat3.Dot(gR, RotationDerivative(1, qw, qx, qy, qz)),
            Mat3.Dot(gR, RotationDerivative(2, qw, qx, qy, qz)), Mat3.Dot(gR, RotationDerivative(3, qw, qx, qy, qz)));

        // J = [[fx/z, 0, −fx·x′/z²], [0, fy/z, −fy·y′/z²]] with x′, y′ the clamped view coordinates. A clamped coordinate
        // is held constant (the released rasterizer's choice): no x gradient, and z only through the explicit 1/z².
        double z2 = tz * tz, z3 = z2 * tz;
        double gx = (xFree ? -cam.Fx / z2 : 0) * gJ.M02;
        double gy = (yFree ? -cam.Fy / z2 : 0) * gJ.M12;
        double gz = -cam.Fx / z2 * gJ.M00 + 2 * cam.Fx * xClamped / z3 * gJ.M02
                    - cam.Fy / z2 * gJ.M11 + 2 * cam.Fy * yClamped / z3 * gJ.M12;
        // Pixel mean u = fx·x/z + cx, v = fy·y/z + cy; depth z.
        gx += cam.Fx / tz * g.U;
        gy += cam.Fy / tz * g.V;
        gz += -cam.Fx * tx / z2 * g.U - cam.Fy * ty / z2 * g.V + g.Depth;
        // t = W μ + t_w ⇒ ∂L/∂μ = Wᵀ ∂L/∂t.
        dMean = w.Transpose().Apply(gx, gy, gz);
    }

    /// <summary>Σ = M Mᵀ, M = R S (Eq. 1); also returns R and M.</summary>
    public static Mat3 Covariance(double sx, double sy, double sz, double qw, double qx, double qy, double qz, double modifier,
        out Mat3 rotation, out Mat3 m)
    {
        rotation = Rotation(qw, qx, qy, qz);
        m = rotation * Mat3.Diagonal(sx * modifier, sy * modifier, sz * modifier);
        return m * m.Transpose();
    }

    /// <summary>The rotation matrix of quaternion (w, x, y, z) as 3DGS builds it (the quaternion is not normalised again).</summary>
    public static Mat3 Rotation(double w, double x, double y, double z) => new(
        1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
        2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
        2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y));

    /// <summary>∂R/∂q_k of <see cref="Rotation"/>, k = 0 … 3 for w, x, y, z.</summary>
    public static Mat3 RotationDerivative(int k, double w, double x, double y, double z) => 2.0 * (k switch
    {
        0 => new Mat3(0, -z, y, z, 0, -x, -y, x, 0),
        1 => new Mat3(0, y, z, y, -2 * x, -w, z, w, -2 * x),
        2 => new Mat3(-2 * y, x, w, x, 0, z, -w, z, -2 * y),
        3 => new Mat3(-2 * z, -w, x, w, -2 * z, y, x, y, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(k)),
    });

    /// <summary>
    /// The Jacobian of (x, y, z) ↦ (fx·x/z, fy·y/z) at the view position, as rows 0–1 of a Mat3, with x/z and y/z clamped
    /// to ±1.3·tan(fov/2); returns the clamped x′ = clamp(x/z)·z and y′, and whether each lies inside the clamp.
    /// </summary>
    public static Mat3 Jacobian(in ReferenceCamera cam, double tx, double ty, double tz,
        out double xClamped, out double yClamped, out bool xFree, out bool yFree)
    {
        xFree = Math.Abs(tx / tz) <= cam.LimX;
        yFree = Math.Abs(ty / tz) <= cam.LimY;
        xClamped = Math.Clamp(tx / tz, -cam.LimX, cam.LimX) * tz;
        yClamped = Math.Clamp(ty / tz, -cam.LimY, cam.LimY) * tz;
        double z2 = tz * tz;
        return new Mat3(
            cam.Fx / tz, 0, -cam.Fx * xClamped / z2,
            0, cam.Fy / tz, -cam.Fy * yClamped / z2,
            0, 0, 0);
    }
}
