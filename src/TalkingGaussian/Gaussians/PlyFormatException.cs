namespace TalkingGaussian.Gaussians;

/// <summary>
/// A PLY file that cannot be read as Gaussians: names the file, what is wrong with it and how to fix it.
/// Thrown instead of a parser crash for truncated data, missing properties, unknown formats, NaNs and the like.
/// </summary>
public sealed class PlyFormatException : Exception
{
    /// <summary>Creates the exception; the message reads "path: problem Fix: fix".</summary>
    public PlyFormatException(string path, string problem, string fix)
        : base($"{path}: {problem} Fix: {fix}")
    {
        FilePath = path;
        Problem = problem;
        Fix = fix;
    }

    /// <summary>The file that was being read.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }

    /// <summary>What the user can do about it.</summary>
    public string Fix { get; }
}
