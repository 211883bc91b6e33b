using TalkingGaussian.Gaussians;
using TalkingGaussian.Rendering;
using Xunit.Abstractions;

namespace TalkingGaussian.Tests.Rendering;

/// <summary>
/// <see cref="ReferenceShading"/> at every SH degree 0–3 (the rasterizer tests use degree 2 only): its basis is the real
/// orthonormal SH basis, in 3D Gaussian splatting's order and signs, its ∂colour/∂v is the derivative of its colour, and
/// the clamp at 0 keeps a colour of exactly 0 (released rasterizer: clamped = result &lt; 0).
/// </summary>
public class ReferenceShadingTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_basis_is_orthonormal_on_the_sphere(int degree)
    {
        // ∫ Yₖ Yⱼ dΩ = δₖⱼ by quadrature exact for these integrands: a product of two bands ≤ 3 is a polynomial of degree ≤ 6
        // in z = cos θ (times (1 − z²)^|m| when the azimuthal orders match, else its φ integral vanishes), which 4-point
        // Gauss–Legendre integrates exactly (to degree 7), and a trigonometric polynomial of order ≤ 6 in φ, which the
        // 16-point rule integrates exactly.
        double a = Math.Sqrt(3.0 / 7 - 2.0 / 7 * Math.Sqrt(6.0 / 5)), b = Math.Sqrt(3.0 / 7 + 2.0 / 7 * Math.Sqrt(6.0 / 5));
        double wa = (18 + Math.Sqrt(30)) / 36, wb = (18 - Math.Sqrt(30)) / 36;
        (double Z, double W)[] nodes = [(-b, wb), (-a, wa), (a, wa), (b, wb)];
        const int azimuths = 16;
        int k = (degree + 1) * (degree + 1);
        var gram = new double[k, k];
        var basis = new double[k];
        var coefficients = new float[3 * k];
        foreach (var (z, w) in nodes)
            for (int j = 0; j < azimuths; j++)
            {
                double phi = 2 * Math.PI * (j + 0.5) / azimuths, s = Math.Sqrt(1 - z * z);
                // A length of 2.5 (not 1): the basis is a function of the direction only.
                ReferenceShading.Color(coefficients, degree, 2.5 * s * Math.Cos(phi), 2.5 * s * Math.Sin(phi), 2.5 * z, basis, out _);
                for (int p = 0; p < k; p++)
                for (int q = 0; q < k; q++)
                    gram[p, q] += w * (2 * Math.PI / azimuths) * basis[p] * basis[q];
            }
        double worst = 0;
        for (int p = 0; p < k; p++)
        for (int q = 0; q < k; q++)
            worst = Math.Max(worst, Math.Abs(gram[p, q] - (p == q ? 1 : 0)));
        output.WriteLine($"degree {degree}: largest |Gram − I| {worst:E2}");
        Assert.True(worst < 1e-14, $"degree {degree}: the basis is not orthonormal, |Gram − I| reaches {worst:E2}"); // measured ≤ 6.7e-16
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Colour_matches_the_kernels_SH_and_its_gradient_matches_central_differences(int degree)
    {
        // Orthonormality leaves each basis function's sign and slot free; the kernels' independent SphericalHarmonics (written
        // from the released code's constants and order, original-code.md §3.1) pins them. Coefficients large enough that
        // every band moves the colour, small enough that no channel reaches the clamp.
        var rng = new Random(17 + degree);
        int k = (degree + 1) * (degree + 1);
        var coefficients = new float[3 * k];
        for (int j = 0; j < coefficients.Length; j++) coefficients[j] = j < 3 ? 1f : 0.3f * (2f * rng.NextSingle() - 1f);
        var basis = new double[k];
        double worstColour = 0, worstGradient = 0;
        for (int trial = 0; trial < 20; trial++)
        {
            double vx = 2 * rng.NextDouble() - 1, vy = 2 * rng.NextDouble() - 1, vz = 2 * rng.NextDouble() - 1;
            var (r, g, b) = ReferenceShading.Color(coefficients, degree, vx, vy, vz, basis, out var grads);
            var (kr, kg, kb) = SphericalHarmonics.Evaluate(coefficients, degree, (float)vx, (float)vy, (float)vz);
            Assert.True(kr > 0 && kg > 0 && kb > 0, "the colour must stay clear of the clamp for this check");
            worstColour = Math.Max(worstColour, Math.Max(Math.Abs(r - kr), Math.Max(Math.Abs(g - kg), Math.Abs(b - kb))));

            // ∂c/∂v by central differences of the reference's own colour (h = 1e-5 on |v| ~ 1: truncation ~1e-10).
            const double h = 1e-5;
            (double, double, double) C(double x, double y, double z) => ReferenceShading.Color(coefficients, degree, x, y, z, new double[k], out _);
            double[] v = [vx, vy, vz];
            for (int axis = 0; axis < 3; axis++)
            {
                double[] plus = (double[])v.Clone(), minus = (double[])v.Clone();
                plus[axis] += h;
                minus[axis] -= h;
                var cp = C(plus[0], plus[1], plus[2]);
                var cm = C(minus[0], minus[1], minus[2]);
                double[] numeric = [(cp.Item1 - cm.Item1) / (2 * h), (cp.Item2 - cm.Item2) / (2 * h), (cp.Item3 - cm.Item3) / (2 * h)];
                double[] analytic = [D(grads.R, axis), D(grads.G, axis), D(grads.B, axis)];
                for (int c = 0; c < 3; c++) worstGradient = Math.Max(worstGradient, Math.Abs(numeric[c] - analytic[c]));
            }
        }
        output.WriteLine($"degree {degree}: colour vs kernel {worstColour:E2}, ∂c/∂v vs central differences {worstGradient:E2}");
        Assert.True(worstColour < 2e-6, $"colour differs from the kernels' SH by {worstColour:E2}"); // measured ≤ 2.1e-7 (the kernel is float)
        Assert.True(worstGradient < 3e-9, $"∂c/∂v differs from central differences by {worstGradient:E2}"); // measured ≤ 2.9e-10
    }

    [Fact]
    public void A_colour_of_exactly_zero_is_not_clamped()
    {
        // Degree 1, red = 0.5 + 2·Y₁(d) with Y₁ = −√(3/4π)·d_y, along a direction (found by search) whose d_y makes
        // √(3/4π)·d_y round to exactly 0.25 in double: red is exactly 0, on the clamp's boundary. The released rasterizer
        // clamps only below 0 (clamped = result < 0), so the gradient passes: ∂red/∂v = −2√(3/4π)·∂(v_y/|v|)/∂v, with
        // ∂(v_y/|v|)/∂v = (−v_x v_y, v_x² + v_z², −v_y v_z)/|v|³.
        const double vx = 0.8591860563735773, vy = 0.5116633772850037, vz = 0;
        var coefficients = new float[12];
        coefficients[3] = 2f; // red, Y₁
        var (r, _, _) = ReferenceShading.Color(coefficients, 1, vx, vy, vz, new double[4], out var grads);
        Assert.Equal(0.0, r); // the constructed input: if this fails, the direction no longer lands on the boundary
        double n = Math.Sqrt(vx * vx + vy * vy + vz * vz), scale = -2 * Math.Sqrt(3 / (4 * Math.PI)) / (n * n * n);
        double[] expected = [scale * -vx * vy, scale * (vx * vx + vz * vz), scale * -vy * vz];
        double[] actual = [grads.R.Dx, grads.R.Dy, grads.R.Dz];
        output.WriteLine($"∂red/∂v = ({actual[0]:G6}, {actual[1]:G6}, {actual[2]:G6}), expected ({expected[0]:G6}, {expected[1]:G6}, {expected[2]:G6})");
        for (int axis = 0; axis < 3; axis++) Assert.Equal(expected[axis], actual[axis], 1e-14); // measured: equal to the printed digits, rounding ~1e-16

        // Just below the boundary the channel is clamped: colour 0 and no gradient.
        coefficients[3] = 2.001f;
        var (below, _, _) = ReferenceShading.Color(coefficients, 1, vx, vy, vz, new double[4], out grads);
        Assert.Equal(0.0, below);
        Assert.Equal(default, grads.R);
    }

    private static double D(Dual3 d, int axis) => axis switch { 0 => d.Dx, 1 => d.Dy, _ => d.Dz };
}
