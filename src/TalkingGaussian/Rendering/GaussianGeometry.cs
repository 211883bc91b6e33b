using System.Numerics;

namespace TalkingGaussian.Rendering;

/// <summary>
/// One Gaussian's geometry as matrices a reader can print: the covariance Σ = R S Sᵀ Rᵀ of paper Eq. 1 built from the
/// scale s and quaternion q, and its projection to the image (EWA: Σ2D = J W Σ Wᵀ Jᵀ + low-pass). The numbers come from
/// <see cref="Projection"/>, the code the kernels run.
/// </summary>
public static class GaussianGeometry
{
    /// <summary>The rotation matrix R of a unit quaternion q = (w, x, y, z).</summary>
    public static double[,] Rotation(Quaternion q)
    {
        Projection.Rotation(q.W, q.X, q.Y, q.Z, out float r00, out float r01, out float r02, out float r10, out float r11,
            out float r12, out float r20, out float r21, out float r22);
        return new double[,] { { r00, r01, r02 }, { r10, r11, r12 }, { r20, r21, r22 } };
    }

    /// <summary>Σ = (R S)(R S)ᵀ for scales <paramref name="s"/> (activated, positive) and unit quaternion <paramref name="q"/> (Eq. 1).</summary>
    public static double[,] Covariance(Vector3 s, Quaternion q)
    {
        Projection.Covariance3D(s.X, s.Y, s.Z, q.W, q.X, q.Y, q.Z,
            out float s00, out float s01, out float s02, out float s11, out float s12, out float s22);
        return new double[,] { { s00, s01, s02 }, { s01, s11, s12 }, { s02, s12, s22 } };
    }

    /// <summary>
    /// Projects Gaussian (μ, s, q) with <paramref name="camera"/>; null when the rasterizer would cull it (behind the near
    /// plane, off screen). The returned Σ2D includes the low-pass term the rasterizer adds.
    /// </summary>
    public static ScreenGaussian? Project(Vector3 mean, Vector3 s, Quaternion q, Camera camera, RasterSettings? settings = null)
    {
        var pp = new ProjectionParams(camera, settings ?? new RasterSettings());
        int radius = Projection.Forward(pp, mean.X, mean.Y, mean.Z, s.X, s.Y, s.Z, q.W, q.X, q.Y, q.Z, out var splat, out _);
        if (radius == 0) return null;
        // The splat keeps the conic Σ2D⁻¹ = [[A, B], [B, C]]; Σ2D is its inverse.
        double a = splat.ConicA, b = splat.ConicB, c = splat.ConicC, det = a * c - b * b;
        var sigma2D = new double[,] { { c / det, -b / det }, { -b / det, a / det } };
        return new ScreenGaussian(splat.X, splat.Y, splat.Depth, sigma2D, radius);
    }
}
