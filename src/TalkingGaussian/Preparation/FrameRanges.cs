namespace TalkingGaussian.Preparation;

/// <summary>Frame lists as short ranges with times at 25 fps ("12–17 (0.48–0.68 s), 40 (1.60 s)"), at most ten ranges then a count.</summary>
public static class FrameRanges
{
    public static string Describe(IReadOnlyList<int> frames)
    {
        var sorted = frames.Distinct().Order().ToList();
        var ranges = new List<(int From, int To)>();
        foreach (var f in sorted)
        {
            if (ranges.Count > 0 && ranges[^1].To == f - 1) ranges[^1] = (ranges[^1].From, f);
            else ranges.Add((f, f));
        }
        static string Time(int f) => (f / VideoInfo.DatasetFps).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
        var text = ranges.Take(10).Select(r => r.From == r.To ? $"frame {r.From} ({Time(r.From)} s)" : $"frames {r.From}–{r.To} ({Time(r.From)}–{Time(r.To)} s)");
        return string.Join(", ", text) + (ranges.Count > 10 ? $" and {ranges.Count - 10} more ranges" : "");
    }
}
