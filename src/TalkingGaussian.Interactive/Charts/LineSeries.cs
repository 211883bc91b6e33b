namespace TalkingGaussian.Interactive.Charts;

/// <summary>One named curve of a line chart; <see cref="X"/> and <see cref="Y"/> have equal length.</summary>
public sealed record LineSeries(string Name, double[] X, double[] Y)
{
    /// <summary>A curve over x = 0, 1, 2, ... (a loss per step, a trace per frame).</summary>
    public static LineSeries Of(string name, IEnumerable<double> y)
    {
        var ys = y.ToArray();
        return new LineSeries(name, Enumerable.Range(0, ys.Length).Select(i => (double)i).ToArray(), ys);
    }
}
