using Microsoft.DotNet.Interactive.Documents;

namespace TalkingGaussian.Notebooks.Running;

/// <summary>The executed document (outputs filled in up to the failing cell) and one <see cref="CellRun"/> per code cell run.</summary>
internal sealed record NotebookRun(InteractiveDocument Document, IReadOnlyList<CellRun> Cells, TimeSpan Elapsed)
{
    /// <summary>The first failing cell, or null when every cell ran.</summary>
    public CellRun? Failure => Cells.FirstOrDefault(c => !c.Succeeded);
}
