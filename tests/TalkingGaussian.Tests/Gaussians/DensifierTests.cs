using TalkingGaussian.Gaussians;
using TalkingGaussian.Training;

namespace TalkingGaussian.Tests.Gaussians;

public class DensifierTests
{
    // Extent E = 1: clone/split boundary percent_dense·E = 0.005, world-size limit 0.1·E = 0.1.
    private const float Extent = 1f;
    private const float Small = 0.001f, Large = 0.05f, Huge = 0.5f;

    /// <summary>A degree-0 exp-scale field with isotropic scales <paramref name="scales"/>, opacity 0.5, row i's mean = (i, 0, 0) and DC colour i.</summary>
    private static PersistentGaussianField Field(params float[] scales)
    {
        var f = new PersistentGaussianField(scales.Length, 0, ScaleActivation.Exp);
        for (int i = 0; i < scales.Length; i++)
        {
            f.Means[3 * i] = i;
            for (int c = 0; c < 3; c++) f.ScalesRaw[3 * i + c] = MathF.Log(scales[i]);
            f.Sh[3 * i] = i;
        }
        return f;
    }

    /// <summary>Feeds one view in which Gaussian i has screen gradient (g[i], 0) and radius 5 (or 0 where g is NaN: invisible).</summary>
    private static Densifier WithGradients(PersistentGaussianField f, float[] g, DensifierSettings? settings = null)
    {
        var d = new Densifier(settings);
        d.Reset(f.Count);
        var means2D = new float[2 * f.Count];
        var radii = new int[f.Count];
        for (int i = 0; i < f.Count; i++)
        {
            if (float.IsNaN(g[i])) continue;
            means2D[2 * i] = g[i];
            radii[i] = 5;
        }
        d.AccumulateStatistics(means2D, radii);
        return d;
    }

    [Fact]
    public void StatisticsSkipInvisibleGaussiansAndKeepTheLargestRadius()
    {
        var d = new Densifier();
        d.Reset(3);
        d.AccumulateStatistics([3f, 4f, 1f, 1f, 9f, 9f], [2, 0, 1]);
        d.AccumulateStatistics([0f, 1f, 1f, 1f, 9f, 9f], [7, 0, 0]);
        var accum = d.GradientAccum.ToArray();
        Assert.Equal(6f, accum[0]);                       // ‖(3,4)‖ + ‖(0,1)‖
        Assert.Equal(0f, accum[1]);                       // never visible
        Assert.Equal(MathF.Sqrt(162f), accum[2], 1e-5f); // ‖(9,9)‖ once; invisible in the second view
        Assert.Equal([2f, 0f, 1f], d.Denominator.ToArray());
        Assert.Equal([7, 0, 1], d.MaxRadii.ToArray());
        Assert.Throws<ArgumentException>(() => d.AccumulateStatistics(new float[4], new int[3]));
    }

    [Fact]
    public void ClonesSmallSplitsLargePrunesTransparentAndReportsTheMapping()
    {
        // Row 0: no gradient. 1 and 4: small with gradient → cloned. 2: large with gradient → split. 3: transparent → pruned.
        var f = Field(Small, Small, Large, Small, Small);
        f.OpacitiesRaw[3] = Activations.Logit(0.01f);
        var d = WithGradients(f, [0f, 1e-3f, 1e-3f, 0f, 2e-4f]); // 2e-4 is exactly the threshold: ≥ selects it
        var map = d.DensifyAndPrune(f, Extent, minOpacity: 0.05f, maxScreenSize: null);

        Assert.Equal(5, map.OldCount);
        Assert.Equal([0, 1, 4], map.KeptRows);
        Assert.Equal([1, 4, 2, 2], map.AppendedSources);
        Assert.Equal((2, 1, 1), (map.Cloned, map.Split, map.Pruned));
        Assert.Equal(7, f.Count);
        Assert.Equal([0, 1, 4, -1, -1, -1, -1], map.OptimizerSourceRows());
        for (int r = 0; r < 7; r++) Assert.Equal(map.SourceRow(r), f.Sh[3 * r]); // DC colour carries the source index
        // Clones are exact copies of the raw parameters.
        Assert.Equal(f.Means.AsSpan(3, 3).ToArray(), f.Means.AsSpan(9, 3).ToArray());
        Assert.Equal(f.ScalesRaw.AsSpan(3, 3).ToArray(), f.ScalesRaw.AsSpan(9, 3).ToArray());
        // Children: scale s/1.6, rotation and opacity copied.
        for (int r = 5; r < 7; r++)
        {
            for (int c = 0; c < 3; c++) Assert.Equal(Large / 1.6f, MathF.Exp(f.ScalesRaw[3 * r + c]), 1e-6f);
            Assert.Equal(1f, f.RotationsRaw[4 * r]);
        }
        // Statistics restart for the new rows.
        Assert.Equal(7, d.Count);
        Assert.All(d.GradientAccum.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void SoftplusChildrenGetTheInverseOfTheReducedScale()
    {
        var f = new PersistentGaussianField(1, 1, ScaleActivation.Softplus);
        f.ScalesRaw[0] = -2f; f.ScalesRaw[1] = -3f; f.ScalesRaw[2] = -1f;
        var d = WithGradients(f, [1f]);
        d.DensifyAndPrune(f, Extent, 0.05f, null);
        Assert.Equal(2, f.Count);
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < 3; c++)
            {
                float parent = Activations.Softplus(new[] { -2f, -3f, -1f }[c]);
                // softplus(softplus⁻¹(x)) in float: ≈ 1e-6 relative.
                Assert.Equal(parent / 1.6f, Activations.Softplus(f.ScalesRaw[3 * r + c]), 1e-5f * parent);
            }
    }

    [Fact]
    public void ChildrenAreDrawnFromTheParentGaussian()
    {
        // 600 parents with scale (1, 0.01, 0.01) rotated 90° about z: offsets spread with std 1 along world y, 0.01 along x and z.
        const int n = 600;
        var f = new PersistentGaussianField(n, 0, ScaleActivation.Exp);
        float h = MathF.Sqrt(0.5f);
        for (int i = 0; i < n; i++)
        {
            f.ScalesRaw[3 * i] = 0f;
            f.ScalesRaw[3 * i + 1] = f.ScalesRaw[3 * i + 2] = MathF.Log(0.01f);
            f.RotationsRaw[4 * i] = 2 * h; f.RotationsRaw[4 * i + 3] = 2 * h; // unnormalised on purpose: R uses q/‖q‖
            f.Means[3 * i] = 5f;
        }
        var d = WithGradients(f, Enumerable.Repeat(1f, n).ToArray());
        d.DensifyAndPrune(f, extent: 100f, minOpacity: 0.05f, maxScreenSize: null); // max scale 1 > 0.005·100: all split
        Assert.Equal(2 * n, f.Count);
        double[] sum = new double[3], sq = new double[3];
        for (int r = 0; r < 2 * n; r++)
            for (int c = 0; c < 3; c++)
            {
                double o = f.Means[3 * r + c] - (c == 0 ? 5 : 0);
                sum[c] += o;
                sq[c] += o * o;
            }
        double Std(int c) => Math.Sqrt(sq[c] / (2 * n) - Math.Pow(sum[c] / (2 * n), 2));
        // 1200 samples: the sample std has ≈ 2% relative standard error, so 10% is > 4σ; the mean has std error ≈ 0.03.
        Assert.Equal(1.0, Std(1), 0.1);
        Assert.Equal(0.01, Std(0), 0.001);
        Assert.Equal(0.01, Std(2), 0.001);
        Assert.Equal(0.0, sum[1] / (2 * n), 0.15);
    }

    [Fact]
    public void SplitsAreReproducibleFromTheSeed()
    {
        float[] Run(int seed)
        {
            var f = Field(Large, Large);
            WithGradients(f, [1f, 1f], new DensifierSettings { Seed = seed }).DensifyAndPrune(f, Extent, 0.05f, null);
            return f.Means[..(3 * f.Count)];
        }
        Assert.Equal(Run(3), Run(3));
        Assert.NotEqual(Run(3), Run(4));
    }

    [Fact]
    public void SizePruneAppliesOnlyWithAThresholdAndScreenSizeFollowsTheReleasedQuirk()
    {
        // Row 0: huge in world space. Row 1: small but seen at radius 50 px.
        PersistentGaussianField Make() => Field(Huge, Small);
        Densifier Stats(PersistentGaussianField f, DensifierSettings? s = null)
        {
            var d = new Densifier(s);
            d.Reset(2);
            d.AccumulateStatistics([0f, 0f, 0f, 0f], [3, 50]);
            return d;
        }

        var f1 = Make();
        Assert.Equal(0, Stats(f1).DensifyAndPrune(f1, Extent, 0.05f, null).Pruned);

        var f2 = Make();
        var m2 = Stats(f2).DensifyAndPrune(f2, Extent, 0.05f, 20);
        Assert.Equal([1], m2.KeptRows); // world size prunes row 0; row 1's radius was zeroed before the test, as released

        var f3 = Make();
        var m3 = Stats(f3, new DensifierSettings { KeepRadiiForScreenSizePrune = true }).DensifyAndPrune(f3, Extent, 0.05f, 20);
        Assert.Empty(m3.KeptRows);
        Assert.Equal(0, f3.Count);
    }

    [Fact]
    public void PrunedChildrenAndClonesDropOut()
    {
        // A transparent small and a transparent large Gaussian with gradient: their clone and children are pruned with them.
        var f = Field(Small, Large);
        f.OpacitiesRaw[0] = f.OpacitiesRaw[1] = Activations.Logit(0.02f);
        var map = WithGradients(f, [1f, 1f]).DensifyAndPrune(f, Extent, 0.05f, null);
        Assert.Equal(0, f.Count);
        Assert.Equal((1, 1, 4), (map.Cloned, map.Split, map.Pruned)); // row 0, its clone, and the 2 children
    }

    [Fact]
    public void NeverSeenGaussiansAreNotDensified()
    {
        var f = Field(Small, Large);
        var map = WithGradients(f, [float.NaN, float.NaN], new DensifierSettings { DensifyGradThreshold = 0f }).DensifyAndPrune(f, Extent, 0.05f, null);
        // g = 0/0 is treated as 0, which still meets a zero threshold, as torch's grads[grads.isnan()] = 0.
        Assert.Equal((1, 1), (map.Cloned, map.Split));
        var g = Field(Small);
        Assert.Equal(0, WithGradients(g, [float.NaN]).DensifyAndPrune(g, Extent, 0.05f, null).Cloned);
    }

    [Fact]
    public void MaskPruneKeepsStatisticsOfTheSurvivors()
    {
        var f = Field(Small, Small, Small);
        var d = WithGradients(f, [1f, 2f, 3f]);
        var map = d.Prune(f, [false, true, false]);
        Assert.Equal([0, 2], map.KeptRows);
        Assert.Equal(2, f.Count);
        Assert.Equal([0f, 2f], new[] { f.Means[0], f.Means[3] });
        Assert.Equal([1f, 3f], d.GradientAccum.ToArray());
    }

    [Fact]
    public void AdamMomentsFollowTheMapping()
    {
        var f = Field(Small, Small, Large, Small);
        f.OpacitiesRaw[3] = Activations.Logit(0.01f);
        var grads = new float[f.Means.Length];
        Array.Fill(grads, 1f);
        var group = new ParameterGroup("xyz", f.Means, grads, 1e-3f);
        var adam = AdamOptimizer.ForGaussians([group]);
        adam.Step();
        var (oldM, _) = adam.MomentsOf(group);
        for (int j = 0; j < oldM.Length; j++) oldM[j] = j; // tag each moment with its index

        var map = WithGradients(f, [0f, 1f, 1f, 0f]).DensifyAndPrune(f, Extent, 0.05f, null);
        group.Rebind(f.Means, new float[f.Means.Length], 0, f.Means.Length);
        adam.RemapRows(group, map.OptimizerSourceRows(), 3);
        var (m, _) = adam.MomentsOf(group);
        Assert.Equal([0, 1], map.KeptRows);
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], m[..6]);    // kept rows keep their moments
        Assert.All(m[6..], v => Assert.Equal(0f, v));       // clone of 1 and the two children of 2 start at zero

        var copy = new float[3 * map.NewCount];
        map.Gather(oldM, 3, copy, copyToAppended: true);
        Assert.Equal([3f, 4f, 5f], copy[6..9]);            // the clone of row 1 when state is copied
    }

    [Fact]
    public void SettingsFollowTheReleasedSchedules()
    {
        var face = DensifierSettings.Face(50000);
        Assert.Equal(0.0005f, face.DensifyGradThreshold);
        Assert.Equal(49000, face.DensifyUntilIter);
        Assert.Equal(0.3f, face.MinOpacityAt(49000), 1e-6f);
        Assert.Equal(0.05f, face.MinOpacityAt(0));
        Assert.False(face.DensifiesAt(500));
        Assert.True(face.DensifiesAt(600));
        Assert.False(face.DensifiesAt(650));
        Assert.False(face.DensifiesAt(49000));
        Assert.True(face.CollectsStatisticsAt(48999));
        Assert.Null(face.ScreenSizeThresholdAt(3000));
        Assert.Equal(20, face.ScreenSizeThresholdAt(3001));
        var mouth = DensifierSettings.Mouth();
        Assert.Equal((0.0002f, 45000, 1.6f), (mouth.DensifyGradThreshold, mouth.DensifyUntilIter, mouth.SplitScaleDivisor));
    }

    [Fact]
    public void StatisticsMustMatchTheField()
    {
        var f = Field(Small, Small);
        var d = new Densifier();
        d.Reset(3);
        Assert.Throws<InvalidOperationException>(() => d.DensifyAndPrune(f, Extent, 0.05f, null));
    }
}
