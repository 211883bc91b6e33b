namespace TalkingGaussian.Gaussians;

/// <summary>
/// How the rows of a field changed in one densify/prune step: new row r &lt; <see cref="KeptRows"/>.Length is old row
/// KeptRows[r]; new row KeptRows.Length + a is a clone or split child of old row <see cref="AppendedSources"/>[a].
/// Optimizers remap their per-row state with it (<see cref="OptimizerSourceRows"/>: appended rows start from zero, as 3DGS).
/// </summary>
public sealed class RowRemap
{
    internal RowRemap(int oldCount, int[] kept, int[] appended, int cloned, int split, int pruned)
    {
        OldCount = oldCount;
        KeptRows = kept;
        AppendedSources = appended;
        Cloned = cloned;
        Split = split;
        Pruned = pruned;
    }

    /// <summary>Rows before the step.</summary>
    public int OldCount { get; }

    /// <summary>Rows after the step.</summary>
    public int NewCount => KeptRows.Length + AppendedSources.Length;

    /// <summary>Old indices of the rows that survived, in order; they come first in the new field.</summary>
    public int[] KeptRows { get; }

    /// <summary>For each appended row (after the kept ones), the old row it was cloned or split from.</summary>
    public int[] AppendedSources { get; }

    /// <summary>Clones made (before pruning).</summary>
    public int Cloned { get; }

    /// <summary>Gaussians split (each replaced by <see cref="DensifierSettings.SplitChildren"/> children, before pruning).</summary>
    public int Split { get; }

    /// <summary>Rows removed by the prune (split parents not counted).</summary>
    public int Pruned { get; }

    /// <summary>The old row each new row came from (kept or as source of a clone/child).</summary>
    public int SourceRow(int newRow) =>
        newRow < KeptRows.Length ? KeptRows[newRow] : AppendedSources[newRow - KeptRows.Length];

    /// <summary>
    /// New row → old row whose optimizer state it keeps, or −1 for appended rows, whose moments start at zero
    /// (the form <c>AdamOptimizer.RemapRows</c> takes).
    /// </summary>
    public int[] OptimizerSourceRows()
    {
        var rows = new int[NewCount];
        KeptRows.CopyTo(rows, 0);
        Array.Fill(rows, -1, KeptRows.Length, AppendedSources.Length);
        return rows;
    }

    /// <summary>
    /// Gathers per-row state of width <paramref name="width"/> from <paramref name="oldRows"/> into <paramref name="newRows"/>:
    /// kept rows copy, appended rows copy their source when <paramref name="copyToAppended"/>, else are zeroed.
    /// The two spans must not overlap.
    /// </summary>
    public void Gather(ReadOnlySpan<float> oldRows, int width, Span<float> newRows, bool copyToAppended)
    {
        if (oldRows.Length < OldCount * width || newRows.Length < NewCount * width)
            throw new ArgumentException($"Need {OldCount}×{width} old and {NewCount}×{width} new values.");
        for (int r = 0; r < NewCount; r++)
        {
            var dst = newRows.Slice(r * width, width);
            if (r >= KeptRows.Length && !copyToAppended) dst.Clear();
            else oldRows.Slice(SourceRow(r) * width, width).CopyTo(dst);
        }
    }
}
