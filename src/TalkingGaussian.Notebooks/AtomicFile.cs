using System.Text;

namespace TalkingGaussian.Notebooks;

/// <summary>Writes a file through a temporary sibling and a rename, so readers never see a half-written file.</summary>
/// <remarks>
/// A twin of the library's <c>TalkingGaussian.Media.AtomicFile</c>: the runner must not reference the library, because
/// the notebooks it hosts load their own build of it with <c>#r</c> into the same process.
/// </remarks>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + $".tmp-{Environment.ProcessId}";
        try
        {
            File.WriteAllText(temp, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
