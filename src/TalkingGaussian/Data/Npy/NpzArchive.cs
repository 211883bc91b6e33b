using System.IO.Compression;

namespace TalkingGaussian.Data.Npy;

/// <summary>
/// A .npz file as numpy writes it (<c>np.savez</c>): a zip archive with one <c>name.npy</c> entry per array, stored
/// uncompressed. Training checkpoints use it, so they open in Python with <c>np.load</c> too. Text entries (JSON) may sit
/// beside the arrays.
/// </summary>
public static class NpzArchive
{
    /// <summary>Writes <paramref name="arrays"/> and <paramref name="texts"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, NpyArray>> arrays, IEnumerable<KeyValuePair<string, string>> texts)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, text) in texts)
        {
            using var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
            using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false));
            w.Write(text);
        }
        foreach (var (name, array) in arrays)
        {
            using var s = zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression).Open();
            NpyWriter.Write(s, array);
        }
    }

    /// <summary>Reads every entry of the archive at <paramref name="path"/>: arrays by name (without .npy) and the other entries as text.</summary>
    /// <exception cref="InvalidDataException">The file is not a zip archive or an entry is not a valid .npy.</exception>
    public static (Dictionary<string, NpyArray> Arrays, Dictionary<string, string> Texts) Read(string path)
    {
        var arrays = new Dictionary<string, NpyArray>();
        var texts = new Dictionary<string, string>();
        using var zip = ZipFile.OpenRead(path);
        foreach (var entry in zip.Entries)
        {
            using var s = entry.Open();
            if (entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
            {
                using var buffer = new MemoryStream();
                s.CopyTo(buffer);
                buffer.Position = 0;
                arrays[entry.FullName[..^4]] = NpyReader.Read(buffer, $"{path}:{entry.FullName}");
            }
            else
            {
                using var r = new StreamReader(s);
                texts[entry.FullName] = r.ReadToEnd();
            }
        }
        return (arrays, texts);
    }
}
