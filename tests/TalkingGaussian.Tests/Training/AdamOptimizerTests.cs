using TalkingGaussian.Training;

namespace TalkingGaussian.Tests.Training;

public class AdamOptimizerTests
{
    [Fact]
    public void TwoAdamStepsEqualHandComputedSteps()
    {
        // Hand computation in double of PyTorch's Adam for p = 1, g = 0.5 then g = −0.25, lr 0.1, β (0.9, 0.999), ε 1e-8.
        double p = 1, m = 0, v = 0;
        foreach (var (t, g) in new[] { (1, 0.5), (2, -0.25) })
        {
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            p -= 0.1 * (m / (1 - Math.Pow(0.9, t))) / (Math.Sqrt(v / (1 - Math.Pow(0.999, t))) + 1e-8);
        }
        var values = new[] { 1f };
        var grads = new[] { 0.5f };
        var opt = new AdamOptimizer([new ParameterGroup("p", values, grads, 0.1f)]);
        opt.Step();
        grads[0] = -0.25f;
        opt.Step();
        // float32 arithmetic on O(1) values: 1e-6 absolute.
        Assert.Equal(p, values[0], 1e-6);
        Assert.Equal(2, opt.StepCount(opt["p"]));
    }

    [Fact]
    public void AdamWDecaysBeforeTheUpdateAndOnlyWhereAsked()
    {
        // One step with g = 0: the Adam term is 0, so p = p·(1 − lr·wd) exactly.
        var a = new[] { 2f, -4f };
        var b = new[] { 2f };
        var opt = AdamOptimizer.ForMotionFields([
            new ParameterGroup("grid", a, new float[2], 0.005f, weightDecay: 0.01f),
            new ParameterGroup("mlp", b, new float[1], 0.0005f),
        ]);
        opt.Step();
        Assert.Equal(2f * (1f - 0.005f * 0.01f), a[0], 1e-7f);
        Assert.Equal(-4f * (1f - 0.005f * 0.01f), a[1], 1e-7f);
        Assert.Equal(2f, b[0]);
    }

    [Fact]
    public void FirstStepMovesEachParameterByTheLearningRate()
    {
        // With bias correction, step 1 is −lr·g/(|g| + ε') = −lr·sign(g) for |g| ≫ ε, whatever the magnitude.
        var values = new float[] { 0, 0, 0 };
        var grads = new float[] { 3f, -1e-3f, 0f };
        var opt = AdamOptimizer.ForGaussians([new ParameterGroup("xyz", values, grads, 0.01f)]);
        opt.Step();
        Assert.Equal(-0.01f, values[0], 1e-7f);
        Assert.Equal(0.01f, values[1], 1e-7f);
        Assert.Equal(0f, values[2]);
    }

    [Fact]
    public void SlicedGroupsTouchOnlyTheirSlice()
    {
        var flat = new float[] { 1, 1, 1, 1 };
        var grads = new float[] { 1, 1, 1, 1 };
        var opt = new AdamOptimizer([new ParameterGroup("mid", flat, grads, 1, 2, 0.5f)]);
        opt.Step();
        Assert.Equal([1f, 0.5f, 0.5f, 1f], flat);
        opt.ZeroGradients();
        Assert.Equal([1f, 0f, 0f, 1f], grads);
    }

    [Fact]
    public void FrozenGroupsDoNotMove()
    {
        var values = new[] { 1f };
        var group = new ParameterGroup("f", values, new[] { 1f }, 0.1f) { Trainable = false };
        new AdamOptimizer([group]).Step();
        Assert.Equal(1f, values[0]);
    }

    [Fact]
    public void RemapRowsKeepsSurvivorsAndZeroesNewRows()
    {
        var values = new float[] { 0, 0, 0, 0, 0, 0 }; // 3 rows × 2
        var grads = new float[] { 1, 2, 3, 4, 5, 6 };
        var group = new ParameterGroup("xyz", values, grads, 0.1f);
        var opt = new AdamOptimizer([group]);
        opt.Step();
        var (m, _) = opt.MomentsOf(group);
        var oldRow2 = m[4..6];
        // Keep row 2, then a new row; 2 rows × 2.
        group.Rebind(new float[4], new float[4], 0, 4);
        opt.RemapRows(group, [2, -1], 2);
        var (m2, v2) = opt.MomentsOf(group);
        Assert.Equal(oldRow2, m2[0..2]);
        Assert.Equal([0f, 0f], m2[2..4]);
        Assert.Equal([0f, 0f], v2[2..4]);
        Assert.Equal(1, opt.StepCount(group));
    }

    [Fact]
    public void StepAfterResizeWithoutRemapFailsClearly()
    {
        var group = new ParameterGroup("xyz", new float[2], new float[2], 0.1f);
        var opt = new AdamOptimizer([group]);
        group.Rebind(new float[4], new float[4], 0, 4);
        var e = Assert.Throws<InvalidOperationException>(opt.Step);
        Assert.Contains("RemapRows", e.Message);
    }

    [Fact]
    public void ColumnScalesGiveInterleavedColumnsTheirOwnRate()
    {
        // Two rows of [dc, rest]: first step moves each by lr·scale·sign(g), as two separate Adam groups would.
        var values = new float[4];
        var grads = new float[] { 1f, 1f, -2f, 2f };
        var group = new ParameterGroup("sh", values, grads, 0.0025f) { ColumnScales = [1f, 1f / 20f] };
        AdamOptimizer.ForGaussians([group]).Step();
        float[] expected = [-0.0025f, -0.0025f / 20f, 0.0025f, -0.0025f / 20f];
        // √v̂ = |g| up to float rounding of √(0.001g²)/√0.001: 1e-9 absolute on steps of 1e-4.
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], values[i], 1e-9f);
        Assert.Throws<ArgumentException>(() => group.ColumnScales = [1f, 1f, 1f]);
    }
}
