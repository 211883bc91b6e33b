using TalkingGaussian.Preparation;

namespace TalkingGaussian.Tests.Preparation;

/// <summary>The per-video calibration of <see cref="ActionUnitProxies"/> on made-up measure sequences.</summary>
public sealed class ActionUnitProxiesTests
{
    private static FaceMeasures M(double open = 0.3, double lip = 0.1, double brow = 0.5, double gap = 0.4, double cheek = 0.9) => new(open, lip, brow, gap, cheek);

    [Fact]
    public void Blinks_read_2_and_open_eyes_0()
    {
        var rng = new Random(1);
        var measures = Enumerable.Range(0, 100).Select(k => M(open: k is >= 40 and <= 42 ? 0.04 : 0.3 + 0.01 * rng.NextDouble())).ToList();
        var au45 = ActionUnitProxies.Table(measures).Column("AU45_r");
        Assert.All(au45.Skip(40).Take(3), v => Assert.True(v > 1.9, $"blink frame reads {v}"));
        Assert.All(au45.Take(40), v => Assert.True(v < 0.2, $"open frame reads {v}"));
    }

    [Fact]
    public void A_video_without_blinks_does_not_read_its_least_open_frame_as_closed()
    {
        var measures = Enumerable.Range(0, 100).Select(k => M(open: 0.28 + 0.04 * k / 99.0)).ToList();
        // By the calibration the least open frame reads 2·(0.316 − 0.28)/(0.316 − 0.126) ≈ 0.38: a blink of 0.19, far from closed.
        Assert.True(ActionUnitProxies.Table(measures).Column("AU45_r").Max() < 0.5);
    }

    [Fact]
    public void Upper_face_units_rise_with_their_measures_and_lips_part_with_the_gap()
    {
        var measures = Enumerable.Range(0, 50).Select(_ => M()).ToList();
        measures[10] = M(brow: 0.55);          // inner brows 10% higher: AU01 = 1
        measures[20] = M(brow: 0.45, gap: 0.36); // brows lowered and drawn together: AU04 = 1
        measures[30] = M(cheek: 0.81);         // cheeks raised: AU06 = 1
        measures[40] = M(lip: 0.3);
        var t = ActionUnitProxies.Table(measures);
        Assert.Equal(1.0, t.Column("AU01_r")[10], 6);
        Assert.Equal(0.0, t.Column("AU01_r")[20], 6);
        Assert.Equal(1.0, t.Column("AU04_r")[20], 6);
        Assert.Equal(1.0, t.Column("AU06_r")[30], 6);
        Assert.Equal(3.0, t.Column("AU25_r")[40], 6);
        Assert.Equal(0.0, t.Column("AU05_r")[0], 6);
        Assert.Equal(["frame", "face_id", "timestamp", "confidence", "success", "AU01_r", "AU04_r", "AU05_r", "AU06_r", "AU07_r", "AU25_r", "AU45_r"], t.ColumnNames);
    }
}
