namespace TalkingGaussian.Data;

/// <summary>Thrown when a dataset fails validation; carries every problem found, not only the first.</summary>
public sealed class DatasetInvalidException(string root, IReadOnlyList<DatasetProblem> problems)
    : Exception(Describe(root, problems))
{
    /// <summary>All problems found.</summary>
    public IReadOnlyList<DatasetProblem> Problems { get; } = problems;

    private static string Describe(string root, IReadOnlyList<DatasetProblem> problems)
    {
        var lines = problems.Take(20).Select(p => "  " + p);
        var more = problems.Count > 20 ? $"\n  … and {problems.Count - 20} more (run `tg data check {root}` for all)." : "";
        return $"The dataset {root} has {problems.Count} problem(s):\n{string.Join('\n', lines)}{more}";
    }
}
