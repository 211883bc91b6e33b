using TalkingGaussian.Motion;

namespace TalkingGaussian.Tests.Motion;

public class MlpTests
{
    [Fact]
    public void ParameterCountsMatchTheReleasedNetworks()
    {
        Assert.Equal(36 * 32 + 32 * 32, new Mlp(36, 32, 32, 2).ParameterCount);        // aud_ch_att_net
        Assert.Equal(36 * 16 + 16 * 6, new Mlp(36, 16, 6, 2).ParameterCount);          // eye_att_net
        Assert.Equal(74 * 64 + 64 * 64 + 64 * 11, new Mlp(74, 64, 11, 3).ParameterCount); // sigma_net
        Assert.Equal(68 * 32 + 32 * 32 + 32 * 3, new Mlp(68, 32, 3, 3).ParameterCount);  // mouth sigma_net
    }

    [Fact]
    public void InitialisationIsSeededAndBoundedByOneOverSqrtFanIn()
    {
        var mlp = new Mlp(74, 64, 11, 3);
        var a = new float[mlp.ParameterCount];
        var b = new float[mlp.ParameterCount];
        mlp.Initialize(a, new Random(5));
        mlp.Initialize(b, new Random(5));
        Assert.Equal(a, b);
        float bound0 = 1f / MathF.Sqrt(74), bound1 = 1f / MathF.Sqrt(64);
        Assert.All(a[..(74 * 64)], w => Assert.InRange(w, -bound0, bound0));
        Assert.All(a[(74 * 64)..], w => Assert.InRange(w, -bound1, bound1));
        Assert.True(a[..(74 * 64)].Max() > 0.9f * bound0); // spans the range, not a narrower one
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GradientsMatchFiniteDifferences(bool reluOutput)
    {
        var mlp = new Mlp(7, 9, 5, 3, reluOutput);
        var rng = new Random(11);
        var w = new float[mlp.ParameterCount];
        mlp.Initialize(w, rng);
        var x = GradientCheck.Uniform(rng, 7, -1f, 1f);
        var r = GradientCheck.Uniform(rng, 5, -1f, 1f);
        var act = new float[mlp.ActivationCount];
        double Loss()
        {
            mlp.Forward(w, x, act);
            double l = 0;
            var y = mlp.OutputOf(act);
            for (int k = 0; k < 5; k++) l += r[k] * y[k];
            return l;
        }
        Loss();
        var gw = new float[w.Length];
        var gx = new float[7];
        mlp.Backward(w, x, act, r, gw, gx);
        Assert.Contains(gw, v => v != 0f);
        // Piecewise linear: exact within a ReLU region, so the difference quotient carries only the float32 round-off of the
        // loss over 2h. Measured worst error 4.6e-6 (weights) and 5.0e-6 (input) in both cases, no kink inside ±h: atol 2e-5.
        GradientCheck.AssertClose("weights", Enumerable.Range(0, w.Length), w, 1e-3f, Loss, i => gw[i], 0, 2e-5);
        GradientCheck.AssertClose("input", Enumerable.Range(0, 7), x, 1e-3f, Loss, i => gx[i], 0, 2e-5);
    }
}
