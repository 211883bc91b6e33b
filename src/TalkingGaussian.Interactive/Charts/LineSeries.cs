namespace TalkingGaussian.Interactive.Charts;

/// <summary>One named curve of a line chart; <see cref="X"/> and <see cref="Y"/> have equal length.</summary>
public sealed record LineSeries(string Name, double[] X, double[] Y)
{
    /// <summary>Draw the points alone, without a line (events on a curve, a sampler's picks).</summary>
    public bool Markers { get; init; }

    /// <summary>A hover text per point (null: the coordinates).</summary>
    public string[]? Text { get; init; }

    /// <summary>A curve over x = 0, 1, 2, ... (a loss per step, a trace per frame).</summary>
    public static LineSeries Of(string name, IEnumerable<double> y)
    {
        var ys = y.ToArray();
        return new LineSeries(name, Enumerable.Range(0, ys.Length).Select(i => (double)i).ToArray(), ys);
    }
}
