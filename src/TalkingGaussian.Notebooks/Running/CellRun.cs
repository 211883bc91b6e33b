namespace TalkingGaussian.Notebooks.Running;

/// <summary>How one code cell went: its position (1-based among all cells), time taken and, if it failed, the error.</summary>
internal sealed record CellRun(int Index, TimeSpan Elapsed, string? Error)
{
    /// <summary>True when the cell raised no error.</summary>
    public bool Succeeded => Error is null;
}
