namespace TalkingGaussian.Tests.Data;

/// <summary>Fresh folders under the system temp folder for tests (left for the OS to clean; names are unique).</summary>
internal static class TempFolder
{
    public static string Create(string prefix = "tg-test")
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Copies a folder tree (for breaking a copy of a good dataset).</summary>
    public static string CopyOf(string source)
    {
        var target = Create("tg-copy");
        foreach (var dir in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, dir)));
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)));
        return target;
    }
}
