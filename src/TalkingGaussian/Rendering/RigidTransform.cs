using System.Numerics;

namespace TalkingGaussian.Rendering;

/// <summary>
/// A rotation and translation in the column-vector convention: <c>p' = R·p + t</c>. R is stored row-major.
/// Blittable, so kernels take it by value.
/// </summary>
public readonly record struct RigidTransform(
    float R00, float R01, float R02,
    float R10, float R11, float R12,
    float R20, float R21, float R22,
    float T0, float T1, float T2)
{
    /// <summary>The identity transform.</summary>
    public static RigidTransform Identity => new(1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0);

    /// <summary>The translation t.</summary>
    public Vector3 Translation => new(T0, T1, T2);

    /// <summary>Applies <c>R·p + t</c>.</summary>
    public Vector3 Apply(Vector3 p) => new(
        R00 * p.X + R01 * p.Y + R02 * p.Z + T0,
        R10 * p.X + R11 * p.Y + R12 * p.Z + T1,
        R20 * p.X + R21 * p.Y + R22 * p.Z + T2);

    /// <summary>Applies R only (a direction).</summary>
    public Vector3 Rotate(Vector3 d) => new(
        R00 * d.X + R01 * d.Y + R02 * d.Z,
        R10 * d.X + R11 * d.Y + R12 * d.Z,
        R20 * d.X + R21 * d.Y + R22 * d.Z);

    /// <summary>The inverse <c>p = Rᵀ·(p' − t)</c>; exact for an orthonormal R.</summary>
    public RigidTransform Inverse() => new(
        R00, R10, R20,
        R01, R11, R21,
        R02, R12, R22,
        -(R00 * T0 + R10 * T1 + R20 * T2),
        -(R01 * T0 + R11 * T1 + R21 * T2),
        -(R02 * T0 + R12 * T1 + R22 * T2));

    /// <summary>From the upper 3×4 block of a row-major 4×4 matrix.</summary>
    public static RigidTransform FromMatrix(double[,] m) => new(
        (float)m[0, 0], (float)m[0, 1], (float)m[0, 2],
        (float)m[1, 0], (float)m[1, 1], (float)m[1, 2],
        (float)m[2, 0], (float)m[2, 1], (float)m[2, 2],
        (float)m[0, 3], (float)m[1, 3], (float)m[2, 3]);

    /// <summary>As a row-major 4×4 matrix with last row (0, 0, 0, 1).</summary>
    public double[,] ToMatrix() => new double[,]
    {
        { R00, R01, R02, T0 },
        { R10, R11, R12, T1 },
        { R20, R21, R22, T2 },
        { 0, 0, 0, 1 },
    };
}
