namespace TalkingGaussian.Interactive.Tests.Display;

/// <summary>Tests that touch the process-wide "plotly.js already emitted" flag run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PlotlyCollection
{
    public const string Name = "plotly";
}
