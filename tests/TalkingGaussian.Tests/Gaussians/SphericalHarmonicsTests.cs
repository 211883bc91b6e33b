using TalkingGaussian.Gaussians;

namespace TalkingGaussian.Tests.Gaussians;

public class SphericalHarmonicsTests
{
    [Fact]
    public void DcTermGivesTheStoredColourAndNegativeSumsClampAtZero()
    {
        // Degree 0: c = C0·f + 0.5 exactly, independent of direction; a very negative DC clamps to 0.
        var f = new[] { 0.5f / SphericalHarmonics.C0, 0f, -2f };
        var (r, g, b) = SphericalHarmonics.Evaluate(f, 0, 0.3f, -2f, 1f);
        Assert.Equal(1f, r, 1e-6f);
        Assert.Equal(0.5f, g, 1e-6f);
        Assert.Equal(0f, b);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void BackwardMatchesCentralDifferencesInDouble(int degree)
    {
        // The basis is a polynomial in the direction, so a 1e-3 step in float leaves O(h²) truncation plus float rounding of
        // the colour over 2h. Measured worst over degrees 1–3: 2.0e-4 for ∂/∂v (degree 3) and 1.0e-4 for ∂/∂f.
        var rng = new Random(degree);
        int k = SphericalHarmonics.CoefficientCount(degree);
        var f = Enumerable.Range(0, 3 * k).Select(_ => rng.NextSingle() - 0.5f).ToArray();
        f[0] = f[1] = f[2] = 2f; // keep every channel above the clamp
        float[] v = [0.4f, -0.7f, 1.3f];
        float[] up = [0.7f, -1.1f, 0.4f];
        var df = new float[3 * k];
        var dv = SphericalHarmonics.EvaluateBackward(f, degree, v[0], v[1], v[2], up[0], up[1], up[2], df);
        double L(float[] ff, float[] vv)
        {
            var (r, g, b) = SphericalHarmonics.Evaluate(ff, degree, vv[0], vv[1], vv[2]);
            return up[0] * (double)r + up[1] * (double)g + up[2] * (double)b;
        }
        const float h = 1e-3f;
        float[] dvArr = [dv.X, dv.Y, dv.Z];
        for (int a = 0; a < 3; a++)
        {
            var vp = (float[])v.Clone(); vp[a] += h;
            var vm = (float[])v.Clone(); vm[a] -= h;
            double num = (L(f, vp) - L(f, vm)) / (2 * h);
            Assert.True(Math.Abs(num - dvArr[a]) < 6e-4, $"d/dv[{a}]: numeric {num} vs analytic {dvArr[a]}");
        }
        for (int j = 0; j < 3 * k; j++)
        {
            var fp = (float[])f.Clone(); fp[j] += h;
            var fm = (float[])f.Clone(); fm[j] -= h;
            double num = (L(fp, v) - L(fm, v)) / (2 * h);
            Assert.True(Math.Abs(num - df[j]) < 3e-4, $"d/df[{j}]: numeric {num} vs analytic {df[j]}");
        }
    }
}
