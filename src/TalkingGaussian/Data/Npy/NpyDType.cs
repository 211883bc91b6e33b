namespace TalkingGaussian.Data.Npy;

/// <summary>The element types the .npy reader and writer support (all little-endian or byte-sized).</summary>
public enum NpyDType
{
    /// <summary><c>&lt;f4</c>: 32-bit IEEE float.</summary>
    Float32,

    /// <summary><c>&lt;f8</c>: 64-bit IEEE float (DeepSpeech features are stored this way).</summary>
    Float64,

    /// <summary><c>|b1</c>: one byte per element, 0 = false (teeth masks are stored this way).</summary>
    Bool,

    /// <summary><c>|u1</c>: unsigned byte.</summary>
    UInt8,

    /// <summary><c>&lt;i4</c>: 32-bit signed integer (checkpoint indices and counts).</summary>
    Int32,
}

/// <summary>Descriptor strings and element sizes of <see cref="NpyDType"/>.</summary>
public static class NpyDTypes
{
    /// <summary>Bytes per element.</summary>
    public static int Size(NpyDType t) => t switch
    {
        NpyDType.Float32 or NpyDType.Int32 => 4,
        NpyDType.Float64 => 8,
        _ => 1,
    };

    /// <summary>The <c>descr</c> string numpy writes for <paramref name="t"/>.</summary>
    public static string Descriptor(NpyDType t) => t switch
    {
        NpyDType.Float32 => "<f4",
        NpyDType.Float64 => "<f8",
        NpyDType.Bool => "|b1",
        NpyDType.Int32 => "<i4",
        _ => "|u1",
    };

    /// <summary>Parses a <c>descr</c> string; null when it is not one this project reads.</summary>
    public static NpyDType? Parse(string descr) => descr switch
    {
        "<f4" or "=f4" or "f4" => NpyDType.Float32,
        "<f8" or "=f8" or "f8" => NpyDType.Float64,
        "|b1" or "<b1" or "=b1" or "b1" or "?" => NpyDType.Bool,
        "|u1" or "<u1" or "=u1" or "u1" or "B" => NpyDType.UInt8,
        "<i4" or "=i4" or "i4" => NpyDType.Int32,
        _ => null,
    };
}
