using System.Numerics;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Data.Synthetic;

/// <summary>
/// Carries a Gaussian through a smooth deformation to first order: Σ' = J·Σ·Jᵀ with Σ = R·S²·Rᵀ (3DGS, Eq. 1 of the paper),
/// then back to scales and a rotation by the eigen-decomposition Σ' = R'·S'²·R'ᵀ (cyclic Jacobi, in double). This is what
/// keeps stretched skin closed: where the jaw pulls the chin away from the cheeks, the Gaussians in between lengthen with
/// the stretch instead of drifting apart.
/// </summary>
internal static class CovarianceWarp
{
    /// <summary>The scales and unit rotation (w, x, y, z) of J·Σ·Jᵀ, Σ from <paramref name="scale"/> and <paramref name="q"/>.</summary>
    public static (Vector3 Scale, (float W, float X, float Y, float Z) Rotation) Apply(Vector3 scale, (float W, float X, float Y, float Z) q, in Matrix4x4 j)
    {
        Span<double> sigma = stackalloc double[9];
        Warped(scale, q, j, sigma);
        Span<double> axes = stackalloc double[9];
        Eigen(sigma, axes);
        // Eigenvectors are the columns of R'; make it a proper rotation.
        double det = axes[0] * (axes[4] * axes[8] - axes[5] * axes[7]) - axes[1] * (axes[3] * axes[8] - axes[5] * axes[6]) + axes[2] * (axes[3] * axes[7] - axes[4] * axes[6]);
        if (det < 0) { axes[2] = -axes[2]; axes[5] = -axes[5]; axes[8] = -axes[8]; }
        var r = new RigidTransform((float)axes[0], (float)axes[1], (float)axes[2], (float)axes[3], (float)axes[4], (float)axes[5], (float)axes[6], (float)axes[7], (float)axes[8], 0, 0, 0);
        var (w, x, y, z) = PoseMath.ToQuaternion(r);
        float n = MathF.Sqrt(w * w + x * x + y * y + z * z);
        var s = new Vector3((float)Math.Sqrt(Math.Max(sigma[0], 0)), (float)Math.Sqrt(Math.Max(sigma[4], 0)), (float)Math.Sqrt(Math.Max(sigma[8], 0)));
        return (s, (w / n, x / n, y / n, z / n));
    }

    /// <summary>Σ' = J·R·S²·Rᵀ·Jᵀ, row-major 3×3, into <paramref name="sigma"/>.</summary>
    public static void Warped(Vector3 scale, (float W, float X, float Y, float Z) q, in Matrix4x4 j, Span<double> sigma)
    {
        Projection.Rotation(q.W, q.X, q.Y, q.Z, out float r00, out float r01, out float r02, out float r10, out float r11, out float r12, out float r20, out float r21, out float r22);
        // M = J·R·S; Σ' = M·Mᵀ.
        Span<double> m = stackalloc double[9];
        ReadOnlySpan<double> rs = [r00 * scale.X, r01 * scale.Y, r02 * scale.Z, r10 * scale.X, r11 * scale.Y, r12 * scale.Z, r20 * scale.X, r21 * scale.Y, r22 * scale.Z];
        ReadOnlySpan<double> jm = [j.M11, j.M12, j.M13, j.M21, j.M22, j.M23, j.M31, j.M32, j.M33];
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                m[3 * a + b] = jm[3 * a] * rs[b] + jm[3 * a + 1] * rs[3 + b] + jm[3 * a + 2] * rs[6 + b];
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                sigma[3 * a + b] = m[3 * a] * m[3 * b] + m[3 * a + 1] * m[3 * b + 1] + m[3 * a + 2] * m[3 * b + 2];
    }

    /// <summary>
    /// Cyclic Jacobi on a symmetric 3×3 matrix: rotations A ← PᵀAP zero one off-diagonal pair at a time until A is diagonal
    /// (its eigenvalues); <paramref name="vectors"/> accumulates the product of the P, whose columns are the eigenvectors.
    /// </summary>
    public static void Eigen(Span<double> a, Span<double> vectors)
    {
        vectors.Clear();
        vectors[0] = vectors[4] = vectors[8] = 1;
        for (int sweep = 0; sweep < 50; sweep++)
        {
            double off = a[1] * a[1] + a[2] * a[2] + a[5] * a[5];
            double diag = a[0] * a[0] + a[4] * a[4] + a[8] * a[8];
            if (off <= 1e-30 * diag) return;
            Rotate(a, vectors, 0, 1);
            Rotate(a, vectors, 0, 2);
            Rotate(a, vectors, 1, 2);
        }
    }

    private static void Rotate(Span<double> a, Span<double> v, int p, int q)
    {
        double apq = a[3 * p + q];
        if (apq == 0) return;
        double theta = (a[3 * q + q] - a[3 * p + p]) / (2 * apq);
        double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < 3; k++) // A·P
        {
            double akp = a[3 * k + p], akq = a[3 * k + q];
            a[3 * k + p] = c * akp - s * akq;
            a[3 * k + q] = s * akp + c * akq;
        }
        for (int k = 0; k < 3; k++) // Pᵀ·(A·P)
        {
            double apk = a[3 * p + k], aqk = a[3 * q + k];
            a[3 * p + k] = c * apk - s * aqk;
            a[3 * q + k] = s * apk + c * aqk;
        }
        for (int k = 0; k < 3; k++) // V·P
        {
            double vkp = v[3 * k + p], vkq = v[3 * k + q];
            v[3 * k + p] = c * vkp - s * vkq;
            v[3 * k + q] = s * vkp + c * vkq;
        }
    }
}
