using TalkingGaussian.Training;

namespace TalkingGaussian.Tests.Training;

public sealed class PairedDifferenceTests
{
    [Fact]
    public void The_mean_and_standard_error_are_those_of_the_differences()
    {
        // Differences 1, 2, 3, 6: mean 3, sample variance (4 + 1 + 0 + 9) / 3, standard error √(14/3/4).
        var d = PairedDifference.Of([11, 12, 13, 16, double.NaN], [10, 10, 10, 10, 5]);
        Assert.Equal(4, d.Count); // the pair with NaN is left out
        Assert.Equal(3, d.Mean, 12);
        Assert.Equal(Math.Sqrt(14.0 / 3 / 4), d.StandardError, 12);
        Assert.True(d.Clear); // 3 > 2 × 1.08
    }

    [Fact]
    public void A_difference_within_two_standard_errors_is_not_clear()
    {
        var d = PairedDifference.Of([1, -1, 2, -1.5], [0, 0, 0, 0]);
        Assert.False(d.Clear);
        Assert.False(PairedDifference.Of([5], [1]).Clear); // one pair has no scatter to compare with
        Assert.Throws<ArgumentException>(() => PairedDifference.Of([1, 2], [1]));
    }
}
