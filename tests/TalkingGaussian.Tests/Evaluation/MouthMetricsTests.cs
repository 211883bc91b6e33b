using TalkingGaussian.Data;
using TalkingGaussian.Evaluation;

namespace TalkingGaussian.Tests.Evaluation;

public sealed class MouthMetricsTests
{
    /// <summary>68 landmarks whose mouth points 48–67 lie on a circle of <paramref name="radius"/> about (cx, cy).</summary>
    private static FaceLandmarks Mouth(double cx, double cy, double radius)
    {
        var xy = new float[136];
        for (int i = 0; i < 68; i++) { xy[2 * i] = 10 + i; xy[2 * i + 1] = 5; }
        for (int i = 48; i < 68; i++)
        {
            double t = 2 * Math.PI * (i - 48) / 20;
            xy[2 * i] = (float)(cx + radius * Math.Cos(t));
            xy[2 * i + 1] = (float)(cy + radius * Math.Sin(t));
        }
        return new FaceLandmarks(xy);
    }

    [Fact]
    public void Lmd_ignores_translation_and_measures_shape()
    {
        var truth = Mouth(100, 120, 10);
        Assert.Equal(0.0, LandmarkDistance.Mouth(Mouth(140, 90, 10), truth), 4);   // moved: centred away
        Assert.Equal(10.0, LandmarkDistance.Mouth(Mouth(100, 120, 20), truth), 4); // every point 10 px further out
        // one point off by (3, 4): it moves 5·19/20 = 4.75 after centring, the other 19 move 5/20 = 0.25
        var moved = Mouth(100, 120, 10);
        moved.Xy[2 * 55] += 3;
        moved.Xy[2 * 55 + 1] += 4;
        Assert.Equal((4.75 + 19 * 0.25) / 20, LandmarkDistance.Mouth(moved, truth), 4);
    }

    [Fact]
    public void Inner_mouth_area_counts_dark_pixels_inside_the_rectangle_in_proportion()
    {
        const int w = 12, h = 10;
        var rgb = Enumerable.Repeat(0.9f, 3 * w * h).ToArray();
        void Set(int x, int y, float v) { for (int c = 0; c < 3; c++) rgb[(c * h + y) * w + x] = v; }
        Set(3, 3, 0f);     // fully dark: 1
        Set(4, 3, 0.35f);  // halfway between 0.25 and 0.45: 0.5
        Set(5, 4, 0.45f);  // at the open level: 0
        Set(0, 0, 0f);     // dark but outside the rectangle
        double area = new InnerMouthArea { OpenLuma = 0.45f, DarkLuma = 0.25f }.Measure(rgb, w, h, new LipsRectangle(2, 6, 2, 8));
        Assert.Equal(1.5, area, 5);
    }

    [Fact]
    public void Pearson_correlation_of_known_series()
    {
        double[] x = [1, 2, 3, 4];
        Assert.Equal(1.0, Correlation.Pearson(x, [3, 5, 7, 9]), 12);
        Assert.Equal(-1.0, Correlation.Pearson(x, [4, 3, 2, 1]), 12);
        Assert.Equal(0.0, Correlation.Pearson(x, [1, -1, -1, 1]), 12);
        Assert.True(double.IsNaN(Correlation.Pearson(x, [2, 2, 2, 2])));
    }

    [Fact]
    public void Stage_timer_counts_frames_and_shares()
    {
        var timer = new StageTimer();
        for (int k = 0; k < 3; k++)
        {
            long t = StageTimer.Begin();
            Thread.SpinWait(1000);
            timer.End("render", t);
            t = StageTimer.Begin();
            timer.End("encode", t);
            timer.FrameDone();
        }
        Assert.Equal(3, timer.Frames);
        Assert.Equal(["render", "encode"], timer.Stages.Select(s => s.Stage));
        Assert.Equal(1.0, timer.Stages.Sum(s => s.Share), 9);
        Assert.Equal(3 / (timer.TotalMs / 1000), timer.FramesPerSecond, 6);
    }
}
