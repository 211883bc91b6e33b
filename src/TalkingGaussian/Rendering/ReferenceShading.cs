namespace TalkingGaussian.Rendering;

/// <summary>
/// A dual number carrying its gradient with respect to a 3-vector v: f(v) and ∇f(v). Arithmetic on duals differentiates
/// exactly, so the reference's SH colour gets ∂colour/∂v by evaluating the basis once, with no derivative written by hand.
/// </summary>
public readonly record struct Dual3(double Value, double Dx, double Dy, double Dz)
{
    /// <summary>The independent variable number <paramref name="axis"/> (0, 1, 2) with value <paramref name="value"/>.</summary>
    public static Dual3 Variable(double value, int axis) => new(value, axis == 0 ? 1 : 0, axis == 1 ? 1 : 0, axis == 2 ? 1 : 0);

    public static Dual3 operator +(Dual3 a, Dual3 b) => new(a.Value + b.Value, a.Dx + b.Dx, a.Dy + b.Dy, a.Dz + b.Dz);

    public static Dual3 operator -(Dual3 a, Dual3 b) => new(a.Value - b.Value, a.Dx - b.Dx, a.Dy - b.Dy, a.Dz - b.Dz);

    public static Dual3 operator *(Dual3 a, Dual3 b) =>
        new(a.Value * b.Value, a.Dx * b.Value + a.Value * b.Dx, a.Dy * b.Value + a.Value * b.Dy, a.Dz * b.Value + a.Value * b.Dz);

    public static Dual3 operator *(double s, Dual3 a) => new(s * a.Value, s * a.Dx, s * a.Dy, s * a.Dz);

    /// <summary>a / s for a dual s: (a′s − as′)/s².</summary>
    public static Dual3 operator /(Dual3 a, Dual3 s)
    {
        double inv = 1 / s.Value, q = a.Value * inv;
        return new(q, (a.Dx - q * s.Dx) * inv, (a.Dy - q * s.Dy) * inv, (a.Dz - q * s.Dz) * inv);
    }

    /// <summary>√a, with (√a)′ = a′/(2√a).</summary>
    public static Dual3 Sqrt(Dual3 a)
    {
        double r = Math.Sqrt(a.Value), k = 0.5 / r;
        return new(r, k * a.Dx, k * a.Dy, k * a.Dz);
    }
}

/// <summary>
/// View-dependent colour of the reference rasterizer: real spherical harmonics up to degree 3 as 3D Gaussian splatting
/// evaluates them (original-code.md §3.1), c = Σₖ Yₖ(d) fₖ + 0.5 clamped at 0, d = (μ − camera centre)/‖μ − camera centre‖.
/// The basis is evaluated on <see cref="Dual3"/> numbers, so ∂c/∂μ (through the normalisation) comes with it.
/// Independent of <c>SphericalHarmonics</c>, which the kernels use.
/// </summary>
public static class ReferenceShading
{
    private const double C0 = 0.28209479177387814, C1 = 0.4886025119029199;
    private static readonly double[] C2 = [1.0925484305920792, -1.0925484305920792, 0.31539156525252005, -1.0925484305920792, 0.5462742152960396];
    private static readonly double[] C3 =
        [-0.5900435899266435, 2.890611442640554, -0.4570457994644658, 0.3731763325901154, -0.4570457994644658, 1.445305721320277, -0.5900435899266435];

    /// <summary>
    /// Colour of SH coefficients <paramref name="coefficients"/> [K, 3] (K = (degree+1)²) seen along v = μ − camera centre,
    /// with ∂(r, g, b)/∂v in <paramref name="gradients"/> (zero for a channel clamped at 0) and the basis in
    /// <paramref name="basis"/> (∂colour/∂fₖ = Yₖ for an unclamped channel).
    /// </summary>
    public static (double R, double G, double B) Color(ReadOnlySpan<float> coefficients, int degree, double vx, double vy, double vz,
        Span<double> basis, out (Dual3 R, Dual3 G, Dual3 B) gradients)
    {
        Basis(degree, vx, vy, vz, basis, out var duals);
        var r = new Dual3(0.5, 0, 0, 0);
        var g = r;
        var b = r;
        int k = (degree + 1) * (degree + 1);
        for (int j = 0; j < k; j++)
        {
            r += coefficients[3 * j] * duals[j];
            g += coefficients[3 * j + 1] * duals[j];
            b += coefficients[3 * j + 2] * duals[j];
        }
        static Dual3 Clamp(Dual3 c) => c.Value < 0 ? default : c;
        gradients = (Clamp(r), Clamp(g), Clamp(b));
        return (gradients.R.Value, gradients.G.Value, gradients.B.Value);
    }

    /// <summary>Yₖ(v/‖v‖) for k &lt; (degree+1)², as values and as duals in v.</summary>
    private static void Basis(int degree, double vx, double vy, double vz, Span<double> values, out DualBasis duals)
    {
        var x = Dual3.Variable(vx, 0);
        var y = Dual3.Variable(vy, 1);
        var z = Dual3.Variable(vz, 2);
        var norm = Dual3.Sqrt(x * x + y * y + z * z);
        x /= norm;
        y /= norm;
        z /= norm;
        duals = default;
        duals[0] = new Dual3(C0, 0, 0, 0);
        if (degree >= 1)
        {
            duals[1] = -C1 * y;
            duals[2] = C1 * z;
            duals[3] = -C1 * x;
        }
        if (degree >= 2)
        {
            Dual3 xx = x * x, yy = y * y, zz = z * z;
            duals[4] = C2[0] * (x * y);
            duals[5] = C2[1] * (y * z);
            duals[6] = C2[2] * (2 * zz - xx - yy);
            duals[7] = C2[3] * (x * z);
            duals[8] = C2[4] * (xx - yy);
            if (degree >= 3)
            {
                duals[9] = C3[0] * (y * (3 * xx - yy));
                duals[10] = C3[1] * (x * y * z);
                duals[11] = C3[2] * (y * (4 * zz - xx - yy));
                duals[12] = C3[3] * (z * (2 * zz - 3 * xx - 3 * yy));
                duals[13] = C3[4] * (x * (4 * zz - xx - yy));
                duals[14] = C3[5] * (z * (xx - yy));
                duals[15] = C3[6] * (x * (xx - 3 * yy));
            }
        }
        int k = (degree + 1) * (degree + 1);
        for (int j = 0; j < k; j++) values[j] = duals[j].Value;
    }

    /// <summary>Sixteen duals on the stack.</summary>
    [System.Runtime.CompilerServices.InlineArray(16)]
    private struct DualBasis
    {
        private Dual3 _first;
    }
}
