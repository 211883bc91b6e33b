namespace TalkingGaussian.Tests.Training;

public sealed class TrainingRandomTests
{
    [Fact]
    public void A_restored_state_continues_the_same_sequence()
    {
        var a = new TrainingRandom(42);
        for (int i = 0; i < 17; i++) a.NextUInt64();
        var b = new TrainingRandom(0) { State = a.State };
        for (int i = 0; i < 100; i++) Assert.Equal(a.NextUInt64(), b.NextUInt64());
    }

    [Fact]
    public void SplitMix64_gives_the_published_first_values()
    {
        // The first outputs of SplitMix64 seeded with 1234567, the usual published test vector of Vigna's splitmix64.c (re-derived
        // here with an independent Python transcription of the C reference).
        var r = new TrainingRandom(1234567);
        Assert.Equal(6457827717110365317UL, r.NextUInt64());
        Assert.Equal(3203168211198807973UL, r.NextUInt64());
        Assert.Equal(9817491932198370423UL, r.NextUInt64());
    }

    [Fact]
    public void Integers_cover_their_range_evenly()
    {
        var r = new TrainingRandom(5);
        var counts = new int[7];
        const int draws = 70000;
        for (int i = 0; i < draws; i++) counts[r.NextInt(7)]++;
        // Each count is Binomial(70000, 1/7): mean 10000, sd ≈ 93; 5 sd either side.
        Assert.All(counts, c => Assert.InRange(c, 10000 - 465, 10000 + 465));
        Assert.Throws<ArgumentOutOfRangeException>(() => r.NextInt(0));
    }

    [Fact]
    public void Gaussian_samples_have_unit_variance()
    {
        var r = new TrainingRandom(9);
        double sum = 0, sq = 0;
        const int n = 40000;
        for (int i = 0; i < n; i++)
        {
            double x = r.NextGaussian();
            sum += x;
            sq += x * x;
        }
        // Mean has sd 1/√n = 0.005 and the variance sd √(2/n) ≈ 0.007: 5 sd bounds.
        Assert.InRange(sum / n, -0.025, 0.025);
        Assert.InRange(sq / n - (sum / n) * (sum / n), 0.965, 1.035);
    }
}
