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
    public void ActivationsHoldEveryHiddenLayerAndTheOutput()
    {
        Assert.Equal(64 + 64 + 11, new Mlp(74, 64, 11, 3).ActivationCount); // sigma_net: two hidden layers of 64, 11 out
        Assert.Equal(6, new Mlp(36, 16, 6, 1).ActivationCount);             // one layer: the output alone
    }

    [Fact]
    public void ValidateAcceptsTheSmallestShapesAndRefusesEveryEmptyOne()
    {
        new Mlp(1, 1, 1, 2).Validate();
        new Mlp(1, 0, 1, 1).Validate(); // a single layer maps input to output: the hidden width is unused
        foreach (var bad in new[] { new Mlp(0, 4, 2, 2), new Mlp(3, 4, 0, 2), new Mlp(3, 4, 2, 0), new Mlp(3, 0, 2, 2) })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(bad.Validate);
            Assert.Contains(bad.ToString(), e.Message);
        }
    }

    [Fact]
    public void EverySpanOfTheWrongLengthIsRefusedNamingBothLengths()
    {
        // 3·4 + 4·2 = 20 weights, 4 + 2 = 6 activations. One float too many: the case that would otherwise run on silently.
        var mlp = new Mlp(3, 4, 2, 2);
        float[] w = new float[20], x = new float[3], act = new float[6], gy = new float[2], gw = new float[20], gx = new float[3];
        void Refused(int got, int expected, Action call)
        {
            var e = Assert.Throws<ArgumentException>(call);
            Assert.Contains($"{got}", e.Message);
            Assert.Contains($"{expected}", e.Message);
        }
        Refused(21, 20, () => mlp.Initialize(new float[21], new Random(1)));
        Refused(21, 20, () => mlp.Forward(new float[21], x, act));
        Refused(4, 3, () => mlp.Forward(w, new float[4], act));
        Refused(7, 6, () => mlp.Forward(w, x, new float[7]));
        Refused(21, 20, () => mlp.Backward(new float[21], x, act, gy, gw, gx));
        Refused(21, 20, () => mlp.Backward(w, x, act, gy, new float[21], gx));
        Refused(3, 2, () => mlp.Backward(w, x, act, new float[3], gw, gx));
        Refused(4, 3, () => mlp.Backward(w, x, act, gy, gw, new float[4]));
    }

    [Theory]
    [InlineData(512, false)]
    [InlineData(513, true)]
    public void BackwardKeepsItsScratchRowsOnTheStackUpTo512Floats(int width, bool onTheHeap)
    {
        // The scalar reference runs Backward once per Gaussian, so its two scratch rows (the widest layer) must not be
        // allocated for the released widths (≤ 74); beyond 512 floats they go to the heap, which bounds the stack frame.
        var mlp = new Mlp(width, 8, 3, 2);
        var rng = new Random(3);
        var w = new float[mlp.ParameterCount];
        mlp.Initialize(w, rng);
        var x = GradientCheck.Uniform(rng, width, -1f, 1f);
        float[] act = new float[mlp.ActivationCount], gy = [1f, -1f, 0.5f], gw = new float[w.Length], gx = new float[width];
        mlp.Forward(w, x, act);
        mlp.Backward(w, x, act, gy, gw, gx); // warm: JIT and tiering allocate on the first calls
        long before = GC.GetAllocatedBytesForCurrentThread();
        mlp.Backward(w, x, act, gy, gw, gx);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (onTheHeap) Assert.True(allocated >= 2 * width * sizeof(float), $"{allocated} bytes allocated");
        else Assert.Equal(0, allocated);
    }

    [Fact]
    public void AUnitThatIsOffPassesNoGradientEvenFromAnOverflowedWeight()
    {
        // Mlp(2, 2, 1, 2), x = (1, 2). Hidden unit 0 has weights (−∞, 1): z = −∞, ReLU → 0 (off); unit 1 has (0.5, 0.25):
        // z = 1. Output weights (3, −2): y = 3·0 − 2·1 = −2. With ∂L/∂y = 1, by hand: ∂L/∂W₁ = (0, 1); the hidden deltas
        // (3, −2) masked by ReLU → (0, −2); ∂L/∂W₀ = rows (0, 0) and −2·x = (−2, −4); ∂L/∂x = −2·(0.5, 0.25) = (−1, −0.5).
        // The mask drops unit 0's term outright: multiplying it by zero instead would give ∂L/∂x₀ = −∞·0 = NaN.
        var mlp = new Mlp(2, 2, 1, 2);
        float[] w = [float.NegativeInfinity, 1f, 0.5f, 0.25f, 3f, -2f], x = [1f, 2f], act = new float[3];
        mlp.Forward(w, x, act);
        Assert.Equal(new[] { 0f, 1f, -2f }, act);
        var gw = new float[6];
        var gx = new float[2];
        mlp.Backward(w, x, act, [1f], gw, gx);
        Assert.Equal(new[] { 0f, 0f, -2f, -4f, 0f, 1f }, gw);
        Assert.Equal(new[] { -1f, -0.5f }, gx);
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
