namespace TalkingGaussian.Motion;

/// <summary>
/// Per-Gaussian output of a motion field, the deformation δ_i of paper Eq. 3, packed [N, Stride]:
/// face (Stride 11): Δμ (0..3, already ×0.01), Δq (3..7), Δα (7, predicted but not applied: original-code.md §4.5, §10.3),
/// Δs (8..11); mouth (Stride 3): Δμ only. For the face, <see cref="Attention"/> [N, 2] holds ‖V_a‖ and ‖V_e‖, the region
/// attention magnitudes rendered as attention maps. The same type carries ∂L/∂δ in the backward pass.
/// </summary>
public sealed class MotionDeltas
{
    /// <summary>Offset of Δμ in a row.</summary>
    public const int TranslationOffset = 0;

    /// <summary>Offset of Δq (w, x, y, z) in a face row.</summary>
    public const int RotationOffset = 3;

    /// <summary>Offset of Δα in a face row.</summary>
    public const int OpacityOffset = 7;

    /// <summary>Offset of Δs in a face row.</summary>
    public const int ScaleOffset = 8;

    /// <summary>Row width of the face field.</summary>
    public const int FaceStride = 11;

    /// <summary>Row width of the mouth field.</summary>
    public const int MouthStride = 3;

    /// <summary>Creates empty deltas with rows of <paramref name="stride"/> floats (11 face, 3 mouth).</summary>
    public MotionDeltas(int stride)
    {
        if (stride != FaceStride && stride != MouthStride) throw new ArgumentOutOfRangeException(nameof(stride), "Stride is 11 (face) or 3 (mouth).");
        Stride = stride;
    }

    /// <summary>Row width.</summary>
    public int Stride { get; }

    /// <summary>True for the face layout (translation, rotation, opacity, scale).</summary>
    public bool HasRotationAndScale => Stride == FaceStride;

    /// <summary>Number of Gaussians N.</summary>
    public int Count { get; private set; }

    /// <summary>[N, Stride] packed deltas.</summary>
    public float[] Values { get; private set; } = [];

    /// <summary>[N, 2] (‖V_a‖, ‖V_e‖) for the face; empty for the mouth.</summary>
    public float[] Attention { get; private set; } = [];

    /// <summary>Sets N, reusing the arrays when they are large enough, and zeroes the first N rows.</summary>
    public void Resize(int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
        Count = count;
        if (Values.Length < count * Stride) Values = new float[count * Stride];
        else Array.Clear(Values, 0, count * Stride);
        int attention = HasRotationAndScale ? 2 * count : 0;
        if (Attention.Length < attention) Attention = new float[attention];
        else Array.Clear(Attention, 0, attention);
    }

    /// <summary>Throws unless the deltas have <paramref name="count"/> rows of <paramref name="stride"/>.</summary>
    internal void Check(int count, int stride, string what)
    {
        if (Stride != stride) throw new ArgumentException($"{what} has rows of {Stride} floats; this field needs {stride}.");
        if (Count != count) throw new ArgumentException($"{what} holds {Count} Gaussians; expected {count}.");
    }
}
