using TalkingGaussian.Motion;

namespace TalkingGaussian.Tests.Motion;

public class RegionAttentionTests
{
    [Fact]
    public void HadamardProductMagnitudeAndTheirGradients()
    {
        var rng = new Random(9);
        var v = GradientCheck.Uniform(rng, 6, -1f, 1f);
        var c = GradientCheck.Uniform(rng, 6, -1f, 1f);
        var w = GradientCheck.Uniform(rng, 6, -1f, 1f);
        const float wNorm = 0.7f;
        var r = new float[6];
        RegionAttention.Apply(v, c, r);
        Assert.Equal(v[2] * c[2], r[2]);
        Assert.Equal(MathF.Sqrt(v.Sum(x => x * x)), RegionAttention.Magnitude(v), 6);
        double Loss()
        {
            RegionAttention.Apply(v, c, r);
            double l = wNorm * RegionAttention.Magnitude(v);
            for (int k = 0; k < 6; k++) l += w[k] * r[k];
            return l;
        }
        var gv = new float[6];
        var gc = new float[6];
        RegionAttention.Backward(v, c, w, wNorm, gv, gc);
        // Smooth away from V = 0: h = 1e-3, O(h²) curvature of ‖V‖ plus round-off. Measured worst 4.2e-5 (V: the norm's
        // curvature) and 8.7e-6 (condition: linear, round-off only).
        GradientCheck.AssertClose("V", Enumerable.Range(0, 6), v, 1e-3f, Loss, i => gv[i], 0, 1.5e-4);
        GradientCheck.AssertClose("condition", Enumerable.Range(0, 6), c, 1e-3f, Loss, i => gc[i], 0, 4e-5);
        Assert.Throws<ArgumentException>(() => RegionAttention.Apply(v, new float[5], r));
        var zero = new float[6];
        RegionAttention.Backward(new float[6], c, w, wNorm, zero, new float[6]); // ‖V‖ = 0: no NaN
        Assert.All(zero, x => Assert.False(float.IsNaN(x)));
    }

    [Theory]
    [InlineData(7, 6, 6)] // V too wide
    [InlineData(5, 6, 6)] // V too narrow
    [InlineData(6, 6, 7)] // output too wide
    [InlineData(6, 6, 5)] // output too narrow
    public void ApplyRefusesAnyWidthThatDiffersFromTheCondition(int attention, int condition, int regional)
    {
        var e = Assert.Throws<ArgumentException>(() =>
            RegionAttention.Apply(new float[attention], new float[condition], new float[regional]));
        Assert.Contains($"V {attention}", e.Message);
        Assert.Contains($"condition {condition}", e.Message);
        Assert.Contains($"output {regional}", e.Message);
    }
}
