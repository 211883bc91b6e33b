namespace TalkingGaussian.Tests.Gaussians;

/// <summary>Base for tests that write files: each test gets fresh folders under the temp directory, deleted after it.</summary>
public abstract class TempFolderTest : IDisposable
{
    private readonly List<string> _folders = [];

    /// <summary>A fresh empty folder, deleted when the test ends.</summary>
    protected string TempFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tg-gaussians-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        _folders.Add(dir);
        return dir;
    }

    public void Dispose()
    {
        foreach (var dir in _folders)
        {
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        GC.SuppressFinalize(this);
    }
}
