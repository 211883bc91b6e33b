using TalkingGaussian.Data;
using TalkingGaussian.Training.Sampling;

namespace TalkingGaussian.Tests.Training.Sampling;

/// <summary>
/// The released windows (original-code.md §5.1, §5.2), replayed at named iterations of a 50,000-iteration stage. Expected
/// bounds are written from the released formulas, not from the preset code: face warm-up lips opening
/// [G + (it/40000)(ub − G) ± 0.2(ub − G)] with G = lb + 0.2(ub − lb) on it % 15 == 0, it &lt; 3000; blink
/// [it/40000 − 0.15, it/40000 + 0.30] on it % 15 == 0, 3000 &lt; it &lt; 40000; mouth a ≥ hi every iteration before 3000,
/// a ∈ [hi − (it/39000)(hi − p25), hi] on it % 7 == 0 and ≥ 20 inside-mouth pixels on every iteration, 3000 &lt; it &lt; 39000.
/// </summary>
public sealed class SamplerPresetsTests
{
    // The settings hold the released constants as float (0.2f = 0.2 + 3e-9, relative rounding ≤ 6e-8), so bounds up to 60
    // differ from the exact formula by up to ~4e-6.
    private const double Tolerance = 1e-5;

    private static readonly TalkingSplit Split = new(DatasetSplit.Train, SamplingFrames.Openings(0, 10), MouthOpeningMin: 10, MouthOpeningMax: 60);

    [Theory]
    [InlineData(0)]
    [InlineData(1500)]
    [InlineData(2985)]
    public void Face_warm_up_uses_the_lips_opening_window(int it)
    {
        double lb = 10, ub = 60, g = lb + 0.2 * (ub - lb), w = 0.2 * (ub - g), centre = g + it / 40000.0 * (ub - g);
        var active = Active(Face(), it);
        var window = Assert.Single(active);
        Assert.Equal(FrameMetric.MouthOpening, window.Metric);
        var (lo, hi) = window.At(it);
        Assert.Equal(centre - w, lo, Tolerance);
        Assert.Equal(centre + w, hi, Tolerance);
    }

    [Fact]
    public void At_the_start_the_lips_window_admits_nearly_closed_mouths()
    {
        // original-code.md §5.1: at it ≈ 0 the window is [lb + 0.04R, lb + 0.36R].
        var (lo, hi) = Face()[0].At(0);
        Assert.Equal(10 + 0.04 * 50, lo, Tolerance);
        Assert.Equal(10 + 0.36 * 50, hi, Tolerance);
    }

    [Theory]
    [InlineData(3015)]
    [InlineData(20010)]
    [InlineData(39990)]
    public void Face_after_warm_up_uses_the_blink_window(int it)
    {
        var window = Assert.Single(Active(Face(), it));
        Assert.Equal(FrameMetric.Blink, window.Metric);
        var (lo, hi) = window.At(it);
        Assert.Equal(it / 40000.0 - 0.15, lo, Tolerance);
        Assert.Equal(it / 40000.0 + 0.30, hi, Tolerance);
    }

    [Theory]
    [InlineData(1)]      // not a multiple of 15
    [InlineData(3000)]   // warm-up's end: neither window (it < 3000 and 3000 < it)
    [InlineData(3001)]
    [InlineData(40005)]  // past the sweep
    [InlineData(49995)]
    public void Face_samples_uniformly_on_the_other_iterations(int it) => Assert.Empty(Active(Face(), it));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2999)]
    public void Mouth_warm_up_takes_only_the_widest_mouths_every_iteration(int it)
    {
        var window = Assert.Single(Active(Mouth(), it));
        Assert.Equal(FrameMetric.Au25, window.Metric);
        var (lo, hi) = window.At(it);
        Assert.Equal(95, lo, Tolerance);
        Assert.True(double.IsPositiveInfinity(hi));
    }

    [Theory]
    [InlineData(3003)]
    [InlineData(21000)]
    [InlineData(38997)]
    public void Mouth_lowers_the_au25_window_every_7th_iteration_with_the_pixel_rule(int it)
    {
        var active = Active(Mouth(), it);
        Assert.Equal(2, active.Length);
        var (lo, hi) = active.Single(w => w.Metric == FrameMetric.Au25).At(it);
        Assert.Equal(95 - it / 39000.0 * (95 - 25), lo, Tolerance); // hi and p25 pass through float, as the frames' AU25 values do
        Assert.Equal(95, hi, Tolerance);
        var (minPixels, _) = active.Single(w => w.Metric == FrameMetric.MouthPixels).At(it);
        Assert.Equal(20, minPixels);
    }

    [Theory]
    [InlineData(3004)]
    [InlineData(38999)]
    public void Mouth_checks_only_the_pixel_rule_between_window_iterations(int it) =>
        Assert.Equal(FrameMetric.MouthPixels, Assert.Single(Active(Mouth(), it)).Metric);

    [Theory]
    [InlineData(3000)]
    [InlineData(39000)]
    [InlineData(49999)]
    public void Mouth_samples_uniformly_at_and_after_the_boundaries(int it) => Assert.Empty(Active(Mouth(), it));

    [Fact]
    public void A_shorter_stage_keeps_the_schedule_as_fractions()
    {
        // 5,000 iterations: warm-up 300, sweep ends at 4,000; the blink window at 2,010 equals the released one at 20,100.
        var windows = SamplerPresets.Face(Split, new FaceSamplingSettings(), 5000, 300);
        var blink = Assert.Single(Active(windows, 2010));
        var (lo, hi) = blink.At(2010);
        Assert.Equal(20100 / 40000.0 - 0.15, lo, Tolerance);
        Assert.Equal(20100 / 40000.0 + 0.30, hi, Tolerance);
        Assert.Empty(Active(windows, 4005));
    }

    [Fact]
    public void A_warm_up_longer_than_the_sweep_leaves_only_the_warm_up_windows()
    {
        var face = SamplerPresets.Face(Split, new FaceSamplingSettings(), 1000, 900); // sweep ends at 800
        Assert.DoesNotContain(Enumerable.Range(0, 1000), face[1].AppliesAt);
        var mouth = SamplerPresets.Mouth(ActionUnits(), new MouthSamplingSettings(), 1000, 1000);
        Assert.All(mouth.Skip(1), w => Assert.DoesNotContain(Enumerable.Range(0, 1000), w.AppliesAt));
    }

    [Fact]
    public void Disabled_sampling_has_no_windows()
    {
        Assert.Empty(SamplerPresets.Face(Split, new FaceSamplingSettings { Enabled = false }, 50000, 3000));
        Assert.Empty(SamplerPresets.Mouth(ActionUnits(), new MouthSamplingSettings { Enabled = false }, 50000, 3000));
    }

    private static IReadOnlyList<SamplingWindow> Face() => SamplerPresets.Face(Split, new FaceSamplingSettings(), 50000, 3000);

    private static IReadOnlyList<SamplingWindow> Mouth() => SamplerPresets.Mouth(ActionUnits(), new MouthSamplingSettings(), 50000, 3000);

    private static SamplingWindow[] Active(IReadOnlyList<SamplingWindow> windows, int it) => windows.Where(w => w.AppliesAt(it)).ToArray();

    /// <summary>AU25 = 0, 1, …, 100: the 95th percentile (numpy linear) is 95 and, after clipping, the 25th is 25.</summary>
    private static ActionUnitFeatures ActionUnits()
    {
        int n = 101;
        var au25 = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var zeros = new double[n];
        var columns = ActionUnitTable.RequiredColumns.Select(c => (c, c == "AU25_r" ? au25 : zeros)).ToList();
        return new ActionUnitFeatures(new ActionUnitTable(columns));
    }
}
