using System.Collections;
using System.Numerics;
using Razorvine.Pickle;

namespace TalkingGaussian.Evaluation.Lpips;

/// <summary>A storage a checkpoint's tensors view: element type, key, element count, and its bytes once read.</summary>
internal sealed class TorchStorage(string key, string type, long count)
{
    public string Key { get; } = key;
    public string Type { get; } = type;
    public long Count { get; } = count;
    public byte[]? Bytes { get; set; }

    /// <summary>Bytes per element of the storage types a state dict of weights holds.</summary>
    public int ElementSize => Type switch
    {
        "FloatStorage" => 4,
        "DoubleStorage" => 8,
        "HalfStorage" or "BFloat16Storage" => 2,
        _ => throw new InvalidDataException($"tensors of {Type} are not weights this reader converts (float32, float64, float16, bfloat16)."),
    };

    /// <summary>Element <paramref name="i"/> as float.</summary>
    public float Get(long i)
    {
        var b = Bytes ?? throw new InvalidDataException($"storage {Key} has no data in the file.");
        int o = checked((int)(i * ElementSize));
        return Type switch
        {
            "FloatStorage" => BitConverter.ToSingle(b, o),
            "DoubleStorage" => (float)BitConverter.ToDouble(b, o),
            "HalfStorage" => (float)BitConverter.ToHalf(b, o),
            _ => BitConverter.Int32BitsToSingle(BitConverter.ToUInt16(b, o) << 16),
        };
    }
}

/// <summary>A tensor as unpickled: a view (offset, sizes, strides) of a storage whose bytes may come later in the file.</summary>
internal sealed record TorchTensorView(TorchStorage Storage, long Offset, int[] Shape, long[] Stride)
{
    public TorchTensor Materialize()
    {
        long count = 1;
        foreach (var s in Shape) count *= s;
        var data = new float[count];
        var index = new int[Shape.Length];
        for (long n = 0; n < count; n++)
        {
            long at = Offset;
            for (int d = 0; d < Shape.Length; d++) at += index[d] * Stride[d];
            if (at >= Storage.Count) throw new InvalidDataException($"a tensor reads element {at} of storage {Storage.Key}, which has {Storage.Count}.");
            data[n] = Storage.Get(at);
            for (int d = Shape.Length - 1; d >= 0; d--)
            {
                if (++index[d] < Shape[d]) break;
                index[d] = 0;
            }
        }
        return new TorchTensor(Shape, data);
    }
}

/// <summary>
/// Unpickles the object graph of a PyTorch checkpoint (torch.save): state dicts (collections.OrderedDict) of tensors
/// rebuilt by torch._utils._rebuild_tensor_v2 over storages named by persistent ids ('storage', type, key, location,
/// count[, view]), which <see cref="persistentLoad"/> resolves.
/// </summary>
internal sealed class TorchUnpickler : Unpickler
{
    private static readonly object Gate = new();
    private static bool _registered;
    private readonly Dictionary<string, TorchStorage> _storages;

    public TorchUnpickler(Dictionary<string, TorchStorage> storages)
    {
        _storages = storages;
        Register();
    }

    /// <summary>Reads one pickle from the current position of <paramref name="stream"/>, stopping right after its STOP opcode.</summary>
    public object? LoadOne(Stream stream) => load(stream);

    /// <summary>Resolves a persistent id to its storage (the base class would refuse it).</summary>
    protected override object? persistentLoad(object pid) => Persistent(pid);

    private TorchStorage? Persistent(object pid)
    {
        if (pid is not object[] t || t.Length < 5 || t[0] is not string kind)
            throw new InvalidDataException($"unexpected persistent id {pid}.");
        if (kind != "storage") return null; // 'module' source records of whole pickled models carry no weights
        string type = t[1] switch
        {
            StorageType s => s.Name,
            string s => s,
            var other => throw new InvalidDataException($"unexpected storage type {other}."),
        };
        string key = Convert.ToString(t[2], System.Globalization.CultureInfo.InvariantCulture)!;
        long count = ToLong(t[4]);
        if (!_storages.TryGetValue(key, out var storage)) _storages[key] = storage = new TorchStorage(key, type, count);
        return storage;
    }

    internal static long ToLong(object o) => o switch
    {
        int i => i,
        long l => l,
        BigInteger b => (long)b,
        _ => throw new InvalidDataException($"expected an integer, got {o}."),
    };

    private static int[] Ints(object o) => o is object[] a ? Array.ConvertAll(a, x => checked((int)ToLong(x))) : throw new InvalidDataException("expected a tuple of sizes.");

    private static void Register()
    {
        lock (Gate)
        {
            if (_registered) return;
            Unpickler.registerConstructor("collections", "OrderedDict", new StateDictConstructor());
            Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", new RebuildTensor());
            Unpickler.registerConstructor("torch._utils", "_rebuild_tensor", new RebuildTensor());
            Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", new FirstArgument());
            Unpickler.registerConstructor("torch._tensor", "_rebuild_from_type_v2", new RebuildFromType());
            foreach (var name in new[] { "FloatStorage", "DoubleStorage", "HalfStorage", "BFloat16Storage", "LongStorage", "IntStorage", "ShortStorage", "CharStorage", "ByteStorage", "BoolStorage" })
                Unpickler.registerConstructor("torch", name, new StorageType(name));
            _registered = true;
        }
    }

    /// <summary>An OrderedDict; BUILD gives it the <c>_metadata</c> attribute state dicts carry, which is ignored.</summary>
    internal sealed class StateDict : Hashtable
    {
        public void __setstate__(Hashtable state) { }
    }

    private sealed class StateDictConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new StateDict();
    }

    private sealed class RebuildTensor : IObjectConstructor
    {
        public object construct(object[] args)
        {
            if (args.Length < 4 || args[0] is not TorchStorage storage) throw new InvalidDataException("a tensor without a storage.");
            var shape = Ints(args[2]);
            var stride = Array.ConvertAll(Ints(args[3]), x => (long)x);
            return new TorchTensorView(storage, ToLong(args[1]), shape, stride);
        }
    }

    private sealed class FirstArgument : IObjectConstructor
    {
        public object construct(object[] args) => args[0];
    }

    private sealed class RebuildFromType : IObjectConstructor
    {
        public object construct(object[] args) =>
            args.Length >= 3 && args[0] is IObjectConstructor f && args[2] is object[] inner ? f.construct(inner) : throw new InvalidDataException("unexpected _rebuild_from_type_v2 arguments.");
    }

    /// <summary>A torch.*Storage class named in a persistent id.</summary>
    internal sealed class StorageType(string name) : IObjectConstructor
    {
        public string Name { get; } = name;
        public object construct(object[] args) => throw new InvalidDataException($"torch.{Name} objects are not weights.");
    }
}
