using System.Collections;
using System.IO.Compression;
using System.Numerics;
using System.Text;

namespace TalkingGaussian.Evaluation.Lpips;

/// <summary>
/// Reads the tensors of a PyTorch weight file (<c>.pth</c>) as a flat name → tensor map, in both formats torch.save has
/// written: since PyTorch 1.6 a zip of <c>ARCHIVE/data.pkl</c> (the pickled state dict) plus one raw little-endian file
/// per storage, <c>ARCHIVE/data/KEY</c>; before that, consecutive pickles (magic number, protocol 1001, system info, the
/// state dict, the list of storage keys) followed by each storage as an int64 element count and its raw bytes.
/// Nested dicts (e.g. <c>{"state_dict": …}</c>) are flattened with dotted names.
/// </summary>
public static class TorchCheckpoint
{
    private static readonly BigInteger LegacyMagic = BigInteger.Parse("119547037146038801333356");

    /// <summary>The tensors of <paramref name="path"/> by name.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a PyTorch weight file this reader understands (the message says why).</exception>
    public static IReadOnlyDictionary<string, TorchTensor> Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> head = stackalloc byte[4];
            int read = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false);
            stream.Position = 0;
            var storages = new Dictionary<string, TorchStorage>();
            object? root = read == 4 && head[0] == 'P' && head[1] == 'K' ? LoadZip(stream, storages) : LoadLegacy(stream, storages);
            var result = new Dictionary<string, TorchTensor>(StringComparer.Ordinal);
            Flatten(root, "", result);
            if (result.Count == 0) throw new InvalidDataException("it holds no tensors.");
            return result;
        }
        catch (Exception e) when (e is InvalidDataException or Razorvine.Pickle.PickleException or InvalidCastException or EndOfStreamException
                                       or NotSupportedException or IndexOutOfRangeException or ArgumentException or InvalidOperationException
                                       or KeyNotFoundException or OverflowException)
        {
            throw new InvalidDataException($"{path} is not a PyTorch weight file this reader understands: {e.Message}", e);
        }
    }

    private static object? LoadZip(Stream stream, Dictionary<string, TorchStorage> storages)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var pkl = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal))
                  ?? throw new InvalidDataException("the zip has no data.pkl.");
        string prefix = pkl.FullName[..^"data.pkl".Length];
        object? root;
        using (var s = pkl.Open())
        using (var buffered = new MemoryStream())
        {
            s.CopyTo(buffered);
            buffered.Position = 0;
            root = new TorchUnpickler(storages).LoadOne(buffered);
        }
        foreach (var storage in storages.Values)
        {
            var entry = zip.GetEntry(prefix + "data/" + storage.Key) ?? throw new InvalidDataException($"storage {prefix}data/{storage.Key} is missing.");
            long bytes = storage.Count * storage.ElementSize;
            if (entry.Length < bytes) throw new InvalidDataException($"storage {storage.Key} has {entry.Length} bytes; {bytes} are needed.");
            storage.Bytes = new byte[bytes];
            using var s = entry.Open();
            s.ReadExactly(storage.Bytes);
        }
        return root;
    }

    private static object? LoadLegacy(Stream stream, Dictionary<string, TorchStorage> storages)
    {
        var header = new TorchUnpickler(storages);
        var magic = header.LoadOne(stream);
        if (magic is not BigInteger m || m != LegacyMagic)
            throw new InvalidDataException("it is neither a zip (PyTorch ≥ 1.6) nor a legacy torch.save file (wrong magic number).");
        long protocol = TorchUnpickler.ToLong(header.LoadOne(stream)!);
        if (protocol != 1001) throw new InvalidDataException($"legacy protocol {protocol}; 1001 is supported.");
        if (header.LoadOne(stream) is Hashtable info && info["little_endian"] is false)
            throw new InvalidDataException("it was saved big-endian.");
        var root = new TorchUnpickler(storages).LoadOne(stream);
        if (header.LoadOne(stream) is not ArrayList keys) throw new InvalidDataException("the storage key list is missing.");
        Span<byte> count = stackalloc byte[8];
        foreach (var k in keys)
        {
            string key = Convert.ToString(k, System.Globalization.CultureInfo.InvariantCulture)!;
            if (!storages.TryGetValue(key, out var storage)) throw new InvalidDataException($"storage {key} is listed but never used.");
            stream.ReadExactly(count);
            long n = BitConverter.ToInt64(count);
            if (n != storage.Count) throw new InvalidDataException($"storage {key} holds {n} elements; its tensors expect {storage.Count}.");
            storage.Bytes = new byte[n * storage.ElementSize];
            stream.ReadExactly(storage.Bytes);
        }
        return root;
    }

    private static void Flatten(object? node, string prefix, Dictionary<string, TorchTensor> into)
    {
        switch (node)
        {
            case TorchTensorView view:
                into[prefix] = view.Materialize();
                break;
            case Hashtable dict:
                foreach (DictionaryEntry e in dict)
                    if (e.Key is string name) Flatten(e.Value, prefix.Length == 0 ? name : prefix + "." + name, into);
                break;
        }
    }

    /// <summary>A short description of what a file holds, for error messages: "12 tensors: features.0.weight [64, 3, 11, 11], …".</summary>
    public static string Describe(IReadOnlyDictionary<string, TorchTensor> tensors, int max = 8)
    {
        var sb = new StringBuilder().Append(tensors.Count).Append(" tensors: ");
        sb.AppendJoin(", ", tensors.OrderBy(t => t.Key, StringComparer.Ordinal).Take(max).Select(t => $"{t.Key} {t.Value.ShapeText}"));
        if (tensors.Count > max) sb.Append(", …");
        return sb.ToString();
    }
}
