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

    /// <summary>
    /// PyTorch's AdamW on one parameter, in double, written from torch.optim.AdamW's documented algorithm (not from the
    /// class under test): p ← p − lr·wd·p; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; p ← p − lr·m̂/(√v̂ + ε).
    /// </summary>
    private static double ReferenceAdamW(double p, IReadOnlyList<double> grads, double lr, double wd, double b1, double b2, double eps)
    {
        double m = 0, v = 0;
        for (int t = 1; t <= grads.Count; t++)
        {
            double g = grads[t - 1];
            p -= lr * wd * p;
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            p -= lr * (m / (1 - Math.Pow(b1, t))) / (Math.Sqrt(v / (1 - Math.Pow(b2, t))) + eps);
        }
        return p;
    }

    [Theory]
    [InlineData(0.9f, 0.99f, 0.5f)] // ε comparable to √v̂ ≈ |g| ≈ 1, so a wrong sign on ε moves the step by a factor ~3
    [InlineData(0f, 0f, 1e-8f)]     // the closed ends of β ∈ [0, 1): m = g, v = g², no bias correction
    public void AdamWWithAndWithoutColumnScalesFollowsTheReference(float b1, float b2, float eps)
    {
        // Three AdamW steps on a plain group and on a group of 2 rows × [scale 1, scale 1/4] (the column-scaled path):
        // a scaled column must behave as its own group with learning rate lr·scale, in the decay term as in the step.
        // wd·lr = 0.05 per step, so p/(1 − x) versus p·(1 − x) differs by 2.5e-3 on p ≈ 1.
        const float lr = 0.1f, wd = 0.5f;
        float[] start = [1f, -2f, 0.5f, 1.5f];
        double[][] gradSteps = [[1.5, -0.8, 2.0, -1.2], [-0.6, 1.1, 0.9, 0.7], [1.3, 0.4, -1.7, 1.0]];
        float[] scales = [1f, 0.25f];
        var plain = (float[])start.Clone();
        var scaled = (float[])start.Clone();
        var plainGrads = new float[4];
        var scaledGrads = new float[4];
        var opt = new AdamOptimizer([
            new ParameterGroup("plain", plain, plainGrads, lr, wd),
            new ParameterGroup("scaled", scaled, scaledGrads, lr, wd) { ColumnScales = scales },
        ], b1, b2, eps);
        foreach (var step in gradSteps)
        {
            for (int i = 0; i < 4; i++) plainGrads[i] = scaledGrads[i] = (float)step[i];
            opt.Step();
        }
        for (int i = 0; i < 4; i++)
        {
            var history = gradSteps.Select(s => s[i]).ToArray();
            // float32 arithmetic over 3 steps on O(1) values: measured error ≤ 1.8e-7; 1e-6 absolute.
            Assert.Equal(ReferenceAdamW(start[i], history, lr, wd, b1, b2, eps), plain[i], 1e-6);
            Assert.Equal(ReferenceAdamW(start[i], history, lr * scales[i % 2], wd, b1, b2, eps), scaled[i], 1e-6);
        }
    }

    [Theory]
    [InlineData(1f, 0.999f, 1e-8f, "beta1")]
    [InlineData(-1e-3f, 0.999f, 1e-8f, "beta1")]
    [InlineData(0.9f, 1f, 1e-8f, "beta2")]
    [InlineData(0.9f, -1e-3f, 1e-8f, "beta2")]
    [InlineData(0.9f, 0.999f, 0f, "epsilon")]
    [InlineData(0.9f, 0.999f, -1e-8f, "epsilon")]
    public void SettingsOutsideTheirRangeAreRejectedByName(float b1, float b2, float eps, string name)
    {
        // β ∈ [0, 1) (1 never forgets, and 1 − βᵗ = 0 divides by zero) and ε > 0 (ε = 0 divides by zero at g = 0);
        // the other settings are valid, so each case fails on its own rule. 0 is accepted: see the test above.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer([], b1, b2, eps));
        Assert.Equal(name, e.ParamName);
        Assert.Contains(name == "epsilon" ? "must be positive" : "must lie in [0, 1)", e.Message);
    }

    [Fact]
    public void GroupNamesAreUniqueAndLookedUpByName()
    {
        var a = new ParameterGroup("xyz", new float[1], new float[1], 0.1f);
        var b = new ParameterGroup("xyz", new float[1], new float[1], 0.1f);
        var e = Assert.Throws<ArgumentException>(() => new AdamOptimizer([a, b]));
        Assert.Contains("Two parameter groups are named 'xyz'", e.Message);
        var opt = new AdamOptimizer([a]);
        Assert.Same(a, opt["xyz"]);
        var missing = Assert.Throws<KeyNotFoundException>(() => opt["opacity"]);
        Assert.Contains("No parameter group named 'opacity'", missing.Message);
    }

    [Fact]
    public void RestoredMomentsContinueTheRunExactly()
    {
        // The state after step 1 of TwoAdamStepsEqualHandComputedSteps (p = 1, g = 0.5, lr 0.1, β (0.9, 0.999)), by hand:
        // m = 0.1·0.5, v = 0.001·0.5², p = 1 − 0.1·0.5/(0.5 + 1e-8). Restored into a fresh optimizer with step count 1,
        // the step with g = −0.25 must land where the uninterrupted run does (computed here in double).
        double m1 = 0.05, v1 = 0.00025, p1 = 1 - 0.1 * 0.5 / (0.5 + 1e-8);
        double m2 = 0.9 * m1 + 0.1 * -0.25, v2 = 0.999 * v1 + 0.001 * 0.0625;
        double p2 = p1 - 0.1 * (m2 / (1 - 0.81)) / (Math.Sqrt(v2 / (1 - 0.999 * 0.999)) + 1e-8);
        var values = new[] { (float)p1 };
        var grads = new[] { -0.25f };
        var group = new ParameterGroup("p", values, grads, 0.1f);
        var opt = new AdamOptimizer([group]);
        opt.Restore(group, [(float)m1], [(float)v1], 1);
        Assert.Equal(1, opt.StepCount(group));
        opt.Step();
        // float32 arithmetic against double: measured errors 1.2e-7 on p ≈ 1, 7.9e-9 on m = 0.02, 8e-10 on v = 3e-4.
        Assert.Equal(p2, values[0], 1e-6);
        Assert.Equal(2, opt.StepCount(group));
        var (m, v) = opt.MomentsOf(group);
        Assert.Equal(m2, m[0], 5e-8);
        Assert.Equal(v2, v[0], 5e-9);
        // A step count of 0 (a checkpoint written before the first step) is valid.
        opt.Restore(group, [0f], [0f], 0);
        Assert.Equal(0, opt.StepCount(group));
    }

    [Fact]
    public void RestoreRejectsMomentsOfTheWrongSizeAndNegativeSteps()
    {
        // Each case breaks one rule only; shorter saved moments would otherwise copy without complaint.
        var group = new ParameterGroup("xyz", new float[3], new float[3], 0.1f);
        var opt = new AdamOptimizer([group]);
        var shortM = Assert.Throws<ArgumentException>(() => opt.Restore(group, new float[2], new float[3], 1));
        Assert.Contains("Group 'xyz' has 3 parameters; the saved moments have 2 and 3", shortM.Message);
        var shortV = Assert.Throws<ArgumentException>(() => opt.Restore(group, new float[3], new float[2], 1));
        Assert.Contains("the saved moments have 3 and 2", shortV.Message);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => opt.Restore(group, new float[3], new float[3], -1));
        Assert.Equal("step", negative.ParamName);
        Assert.Contains("cannot be negative", negative.Message);
    }

    [Fact]
    public void RemapRowsMovesBothMomentsRowByRow()
    {
        // 3 old rows × 2 after one step from zero: m = (1 − β₁)g, v = (1 − β₂)g² (by hand), with the float32 betas
        // (1 − 0.999f = 9.99987e-4 exactly, 1.3e-5 away from 0.001).
        // New rows [new, old 2, old 0, old 1]: every kept row lands at a different index than it came from.
        var grads = new float[] { 1, 2, 3, 4, 5, 6 };
        var group = new ParameterGroup("xyz", new float[6], grads, 0.1f);
        var opt = new AdamOptimizer([group]);
        opt.Step();
        group.Rebind(new float[8], new float[8], 0, 8);
        opt.RemapRows(group, [-1, 2, 0, 1], 2);
        var (m, v) = opt.MomentsOf(group);
        float[] g = [0, 0, 5, 6, 1, 2, 3, 4]; // the gradients that made each new row's moments (0 for the new row)
        for (int i = 0; i < 8; i++)
        {
            // One float32 rounding each (relative ≤ 6e-8; measured 0): relative 1e-7.
            Assert.Equal((1 - (double)0.9f) * g[i], m[i], 1e-7 * g[i]);
            Assert.Equal((1 - (double)0.999f) * g[i] * g[i], v[i], 1e-7 * (1 - (double)0.999f) * g[i] * g[i]);
        }
    }

    [Fact]
    public void RemapRowsRejectsBadShapesAndRowsPastTheEnd()
    {
        var group = new ParameterGroup("xyz", new float[4], new float[4], 0.1f); // 2 rows × 2
        var opt = new AdamOptimizer([group]);
        // 1 row × 2 ≠ 4 parameters (the row width itself is fine).
        var shape = Assert.Throws<ArgumentException>(() => opt.RemapRows(group, [0], 2));
        Assert.Contains("Group 'xyz': 1 rows × 2 ≠ 4 parameters", shape.Message);
        // Old row 2 is one past the end of 2 old rows.
        var past = Assert.Throws<ArgumentOutOfRangeException>(() => opt.RemapRows(group, [0, 2], 2));
        Assert.Contains("Source row 2 ≥ old row count 2", past.Message);
        // An emptied group (every Gaussian pruned) still needs a positive row width: 0 rows × 0 = 0 parameters
        // matches, and only the width rule stands between it and a division by zero.
        var empty = new ParameterGroup("opacity", new float[0], new float[0], 0.1f);
        var opt2 = new AdamOptimizer([empty]);
        var width = Assert.Throws<ArgumentOutOfRangeException>(() => opt2.RemapRows(empty, [], 0));
        Assert.Equal("rowWidth", width.ParamName);
        Assert.Contains("Group 'opacity': a row width must be positive, not 0", width.Message);
    }

    [Fact]
    public void AStepOnRowsNotWholeForTheColumnScalesFailsClearly()
    {
        // The setter checks the shape, but a group resized after it (3 parameters, 2 columns) must not step silently.
        var group = new ParameterGroup("sh", new float[4], new float[4], 0.1f) { ColumnScales = [1f, 0.05f] };
        var opt = new AdamOptimizer([group]);
        group.Rebind(new float[3], new float[3], 0, 3);
        opt.RemapRows(group, [0, 1, -1], 1);
        var e = Assert.Throws<InvalidOperationException>(opt.Step);
        Assert.Contains("Parameter group 'sh': 3 parameters are not whole rows of 2 columns", e.Message);
    }
}
