using TalkingGaussian.Gaussians;

namespace TalkingGaussian.Tests.Gaussians;

public class PreciseMathTests
{
    [Theory]
    [InlineData(1e-20)]
    [InlineData(3e-12)]
    [InlineData(-4e-9)]
    [InlineData(0.3)]
    [InlineData(-0.45)]
    public void Log1pAndExpM1MatchTheirSeries(double x)
    {
        // Three series terms: the remainder x⁴/4 is < 1e-2·|x|³ for |x| ≤ 0.5, so compare small x to 1e-14 relative and
        // the two larger ones to the plain formulas, which are accurate there (no cancellation).
        double log1p = Math.Abs(x) < 1e-3 ? x - x * x / 2 + x * x * x / 3 : Math.Log(1 + x);
        double expm1 = Math.Abs(x) < 1e-3 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1;
        Assert.Equal(log1p, PreciseMath.Log1p(x), Math.Abs(log1p) * 1e-14);
        Assert.Equal(expm1, PreciseMath.ExpM1(x), Math.Abs(expm1) * 1e-14);
    }

    [Theory]
    [InlineData(1e-30f)]
    [InlineData(1e-12f)]
    [InlineData(3e-7f)]
    [InlineData(0.7f)]
    [InlineData(12f)]
    public void SoftplusInverseHoldsForTinyScales(float s)
    {
        // softplus⁻¹(s) = log(s) + s/2 + O(s²) for tiny s; the naive log(1 − e⁻ˢ) + s gives −∞ at 1e-30 and is off by 1e-4 at 1e-12.
        float raw = Activations.SoftplusInverse(s);
        Assert.True(float.IsFinite(raw));
        Assert.Equal(s, (float)PreciseMath.Softplus(raw), s * 1e-6f); // one float rounding of raw, ≈ 1e-7 relative in s
    }
}
