using System.IO.Compression;
using System.Text;

namespace TalkingGaussian.Tests.Evaluation;

/// <summary>
/// Writes PyTorch weight files the way torch.save does, so the checkpoint reader is tested on files of the real format:
/// the zip layout of PyTorch ≥ 1.6 (archive/data.pkl + archive/data/KEY) and the legacy sequential pickles before it.
/// The state dict is a pickled collections.OrderedDict (with the _metadata attribute state dicts carry) of tensors rebuilt
/// by torch._utils._rebuild_tensor_v2 over storages named by persistent ids.
/// </summary>
internal static class TorchFileWriter
{
    /// <summary>One tensor: name, shape, values in storage order, and optionally its strides (default: contiguous).</summary>
    public sealed record Entry(string Name, int[] Shape, float[] Storage, int[]? Stride = null, int Offset = 0);

    public static void WriteZip(string path, IReadOnlyList<Entry> entries)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        Add(zip, "archive/data.pkl", StateDict(entries, legacy: false));
        Add(zip, "archive/version", Encoding.ASCII.GetBytes("3\n"));
        for (int i = 0; i < entries.Count; i++) Add(zip, $"archive/data/{i}", Floats(entries[i].Storage));
    }

    public static void WriteLegacy(string path, IReadOnlyList<Entry> entries)
    {
        using var s = File.Create(path);
        // magic number 0x1950a86a20f9469cfc6c as LONG1, protocol 1001, system info
        s.Write([0x80, 2, (byte)'\x8a', 10, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, (byte)'.']);
        s.Write([0x80, 2, (byte)'M', 0xe9, 0x03, (byte)'.']);
        var info = new Pickle();
        info.Op('}').Op('(').Str("protocol_version").Int(1001).Str("little_endian").Op('\x88').Op('u').Op('.');
        s.Write(info.Bytes());
        s.Write(StateDict(entries, legacy: true));
        var keys = new Pickle();
        keys.Op(']').Op('(');
        for (int i = 0; i < entries.Count; i++) keys.Str(Key(i));
        keys.Op('e').Op('.');
        s.Write(keys.Bytes());
        for (int i = 0; i < entries.Count; i++)
        {
            s.Write(BitConverter.GetBytes((long)entries[i].Storage.Length));
            s.Write(Floats(entries[i].Storage));
        }
    }

    private static string Key(int i) => (140234 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] StateDict(IReadOnlyList<Entry> entries, bool legacy)
    {
        var p = new Pickle();
        p.Global("collections", "OrderedDict").Op(')').Op('R').Op('(');
        for (int i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var stride = e.Stride ?? Contiguous(e.Shape);
            p.Str(e.Name).Global("torch._utils", "_rebuild_tensor_v2").Op('(');
            p.Op('(').Str("storage").Global("torch", "FloatStorage").Str(legacy ? Key(i) : i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Str("cpu").Int(e.Storage.Length);
            if (legacy) p.Op('N');
            p.Op('t').Op('Q');
            p.Int(e.Offset).Op('(');
            foreach (var d in e.Shape) p.Int(d);
            p.Op('t').Op('(');
            foreach (var d in stride) p.Int(d);
            p.Op('t').Op('\x89').Global("collections", "OrderedDict").Op(')').Op('R').Op('t').Op('R');
        }
        p.Op('u');
        // BUILD with the _metadata attribute, as an nn.Module state dict carries it
        p.Op('}').Str("_metadata").Global("collections", "OrderedDict").Op(')').Op('R').Op('s').Op('b').Op('.');
        return [0x80, 2, .. p.Bytes()];
    }

    private static int[] Contiguous(int[] shape)
    {
        var s = new int[shape.Length];
        int acc = 1;
        for (int d = shape.Length - 1; d >= 0; d--) { s[d] = acc; acc *= shape[d]; }
        return s;
    }

    private static byte[] Floats(float[] v)
    {
        var b = new byte[v.Length * 4];
        Buffer.BlockCopy(v, 0, b, 0, b.Length);
        return b;
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        s.Write(bytes);
    }

    /// <summary>A tiny pickle opcode writer (protocol 2 opcodes).</summary>
    private sealed class Pickle
    {
        private readonly MemoryStream _s = new();
        public Pickle Op(char c) { _s.WriteByte((byte)c); return this; }
        public Pickle Str(string v)
        {
            var b = Encoding.UTF8.GetBytes(v);
            _s.WriteByte((byte)'X');
            _s.Write(BitConverter.GetBytes(b.Length));
            _s.Write(b);
            return this;
        }
        public Pickle Int(int v)
        {
            _s.WriteByte((byte)'J');
            _s.Write(BitConverter.GetBytes(v));
            return this;
        }
        public Pickle Global(string module, string name)
        {
            _s.WriteByte((byte)'c');
            _s.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
            return this;
        }
        public byte[] Bytes() => _s.ToArray();
    }
}
