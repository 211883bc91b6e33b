namespace TalkingGaussian.Data;

/// <summary>The classes of problem <see cref="DatasetValidator"/> reports.</summary>
public enum DatasetProblemKind
{
    /// <summary>A file the trainer needs does not exist.</summary>
    MissingFile,

    /// <summary>A file exists but cannot be parsed or decoded.</summary>
    UnreadableFile,

    /// <summary>Frame count, au.csv rows and audio feature rows disagree.</summary>
    CountMismatch,

    /// <summary>An image or mask has a size other than the background plate's, or the wrong channels.</summary>
    ImageSize,

    /// <summary>A landmark file does not hold 68 points.</summary>
    LandmarkCount,

    /// <summary>A NaN or infinity where numbers are needed.</summary>
    NotANumber,

    /// <summary>A file is readable but its content has the wrong shape or columns.</summary>
    BadContent,
}

/// <summary>One problem with a dataset: what kind, which file, what is wrong, and how to fix it.</summary>
public sealed record DatasetProblem(DatasetProblemKind Kind, string File, string Problem, string Fix)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}: {Problem} Fix: {Fix}";
}
