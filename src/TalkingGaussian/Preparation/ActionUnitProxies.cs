using TalkingGaussian.Data;

namespace TalkingGaussian.Preparation;

/// <summary>
/// OpenFace-style action-unit intensities without OpenFace, from <see cref="FaceMeasures"/> calibrated per video (no
/// public mapping from such measures to OpenFace's scale exists). The trainer reads AU45 as blink = clip(AU45, 0, 2)/2,
/// AU25 only through its percentiles, and AU01/04/05/06/07 as the expression input (original-code.md §2.3):
/// <list type="bullet">
/// <item>AU45 (blink) = 2·clip((open − x)/(open − closed), 0, 1) of eye openness x, with open = its 90th percentile and
/// closed = the smaller of its 1st percentile and 0.4·open (so a video without blinks reads 0, not 2, at its least open);</item>
/// <item>AU25 (lips part) = 10 × the inner-lip gap over the inter-ocular distance (only its ranks matter);</item>
/// <item>the upper-face AUs = clip(10·r, 0, 5) of a measure's relative change r = (x − median)/median over the video:
/// AU01 inner-brow height up, AU04 mean of inner-brow height and brow gap down, AU05 eye openness up, AU06 lid to mouth
/// corner down (cheeks raised), AU07 eye openness down outside blinks (AU45 below 1).</item>
/// </list>
/// </summary>
public static class ActionUnitProxies
{
    /// <summary>au.csv's table for <paramref name="measures"/> of consecutive 25 fps frames (OpenFace columns and header style).</summary>
    public static ActionUnitTable Table(IReadOnlyList<FaceMeasures> measures)
    {
        int n = measures.Count;
        var open = measures.Select(m => m.EyeOpenness).ToArray();
        var brow = measures.Select(m => m.InnerBrowHeight).ToArray();
        var gap = measures.Select(m => m.BrowGap).ToArray();
        var cheek = measures.Select(m => m.LidToMouthCorner).ToArray();
        double wide = Percentile.Of(open, 90);
        double closed = Math.Min(Percentile.Of(open, 1), 0.4 * wide);
        double mOpen = Median(open), mBrow = Median(brow), mGap = Median(gap), mCheek = Median(cheek);
        var au45 = new double[n];
        var au01 = new double[n]; var au04 = new double[n]; var au05 = new double[n]; var au06 = new double[n]; var au07 = new double[n];
        var au25 = new double[n];
        for (int i = 0; i < n; i++)
        {
            au45[i] = wide > closed ? 2 * Math.Clamp((wide - open[i]) / (wide - closed), 0, 1) : 0;
            au25[i] = 10 * measures[i].LipGap;
            au01[i] = Intensity(Relative(brow[i], mBrow));
            au04[i] = Intensity(-0.5 * (Relative(brow[i], mBrow) + Relative(gap[i], mGap)));
            au05[i] = Intensity(Relative(open[i], mOpen));
            au06[i] = Intensity(-Relative(cheek[i], mCheek));
            au07[i] = au45[i] < 1 ? Intensity(-Relative(open[i], mOpen)) : 0;
        }
        return new ActionUnitTable(
        [
            ("frame", Enumerable.Range(1, n).Select(k => (double)k).ToArray()),
            ("face_id", new double[n]),
            ("timestamp", Enumerable.Range(0, n).Select(k => k / 25.0).ToArray()),
            ("confidence", Enumerable.Repeat(0.98, n).ToArray()),
            ("success", Enumerable.Repeat(1.0, n).ToArray()),
            ("AU01_r", au01), ("AU04_r", au04), ("AU05_r", au05), ("AU06_r", au06), ("AU07_r", au07),
            ("AU25_r", au25), ("AU45_r", au45),
        ]);
    }

    private static double Relative(double x, double median) => median > 0 ? (x - median) / median : 0;

    private static double Intensity(double relative) => Math.Clamp(10 * relative, 0, 5);

    private static double Median(double[] x) => Percentile.Of(x, 50);
}
