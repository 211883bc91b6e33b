namespace TalkingGaussian.Rendering;

/// <summary>
/// A 3×3 matrix of doubles for the reference rasterizer, so its projection reads as the matrix products of the paper
/// (Σ = R S Sᵀ Rᵀ, Σ′ = J W Σ Wᵀ Jᵀ) and its backward pass as matrix calculus. 2×2 and 2×3 quantities (the screen
/// covariance, the Jacobian J) are the top-left blocks of a Mat3 whose remaining entries are zero. A value type: no
/// allocation per Gaussian.
/// </summary>
public readonly record struct Mat3(
    double M00, double M01, double M02,
    double M10, double M11, double M12,
    double M20, double M21, double M22)
{
    /// <summary>diag(a, b, c).</summary>
    public static Mat3 Diagonal(double a, double b, double c) => new(a, 0, 0, 0, b, 0, 0, 0, c);

    /// <summary>The rotation block of a rigid transform, in double.</summary>
    public static Mat3 RotationOf(RigidTransform t) => new(t.R00, t.R01, t.R02, t.R10, t.R11, t.R12, t.R20, t.R21, t.R22);

    /// <summary>Mᵀ.</summary>
    public Mat3 Transpose() => new(M00, M10, M20, M01, M11, M21, M02, M12, M22);

    /// <summary>The matrix product.</summary>
    public static Mat3 operator *(Mat3 a, Mat3 b) => new(
        a.M00 * b.M00 + a.M01 * b.M10 + a.M02 * b.M20, a.M00 * b.M01 + a.M01 * b.M11 + a.M02 * b.M21, a.M00 * b.M02 + a.M01 * b.M12 + a.M02 * b.M22,
        a.M10 * b.M00 + a.M11 * b.M10 + a.M12 * b.M20, a.M10 * b.M01 + a.M11 * b.M11 + a.M12 * b.M21, a.M10 * b.M02 + a.M11 * b.M12 + a.M12 * b.M22,
        a.M20 * b.M00 + a.M21 * b.M10 + a.M22 * b.M20, a.M20 * b.M01 + a.M21 * b.M11 + a.M22 * b.M21, a.M20 * b.M02 + a.M21 * b.M12 + a.M22 * b.M22);

    /// <summary>Scalar multiple.</summary>
    public static Mat3 operator *(double s, Mat3 a) => new(
        s * a.M00, s * a.M01, s * a.M02, s * a.M10, s * a.M11, s * a.M12, s * a.M20, s * a.M21, s * a.M22);

    /// <summary>M v.</summary>
    public (double X, double Y, double Z) Apply(double x, double y, double z) =>
        (M00 * x + M01 * y + M02 * z, M10 * x + M11 * y + M12 * z, M20 * x + M21 * y + M22 * z);

    /// <summary>The Frobenius inner product Σᵢⱼ AᵢⱼBᵢⱼ: ∂L/∂θ = ⟨∂L/∂A, ∂A/∂θ⟩ for a matrix A(θ).</summary>
    public static double Dot(Mat3 a, Mat3 b) =>
        a.M00 * b.M00 + a.M01 * b.M01 + a.M02 * b.M02 + a.M10 * b.M10 + a.M11 * b.M11 + a.M12 * b.M12
        + a.M20 * b.M20 + a.M21 * b.M21 + a.M22 * b.M22;
}
