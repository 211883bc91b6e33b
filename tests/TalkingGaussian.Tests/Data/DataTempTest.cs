namespace TalkingGaussian.Tests.Data;

/// <summary>Base for data tests that write files: fresh folders under the temp directory, deleted when the test ends.</summary>
public abstract class DataTempTest : IDisposable
{
    private readonly List<string> _folders = [];

    /// <summary>A fresh empty folder, deleted when the test ends.</summary>
    protected string TempFolder()
    {
        var dir = NewFolder();
        _folders.Add(dir);
        return dir;
    }

    /// <summary>A copy of a folder tree (for breaking a copy of a good dataset), deleted when the test ends.</summary>
    protected string CopyOf(string source)
    {
        var target = TempFolder();
        foreach (var dir in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, dir)));
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)));
        return target;
    }

    internal static string NewFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tg-data-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    internal static void Delete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        foreach (var dir in _folders) Delete(dir);
        GC.SuppressFinalize(this);
    }
}
