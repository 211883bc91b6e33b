namespace TalkingGaussian.Gaussians;

/// <summary>
/// Row-level copies of a <see cref="PersistentGaussianField"/>: one Gaussian's raw parameters packed as
/// [μ(3), raw s(3), raw q(4), raw α(1), f(3K)], for densification's appended rows and in-place compaction.
/// </summary>
internal static class FieldRows
{
    public static int Stride(int shCoefficients) => 11 + 3 * shCoefficients;

    public static void CopyOut(PersistentGaussianField f, int i, Span<float> row)
    {
        int k3 = 3 * f.ShCoefficients;
        f.Means.AsSpan(3 * i, 3).CopyTo(row);
        f.ScalesRaw.AsSpan(3 * i, 3).CopyTo(row[3..]);
        f.RotationsRaw.AsSpan(4 * i, 4).CopyTo(row[6..]);
        row[10] = f.OpacitiesRaw[i];
        f.Sh.AsSpan(k3 * i, k3).CopyTo(row[11..]);
    }

    public static void CopyIn(PersistentGaussianField f, int i, ReadOnlySpan<float> row)
    {
        int k3 = 3 * f.ShCoefficients;
        row[..3].CopyTo(f.Means.AsSpan(3 * i, 3));
        row.Slice(3, 3).CopyTo(f.ScalesRaw.AsSpan(3 * i, 3));
        row.Slice(6, 4).CopyTo(f.RotationsRaw.AsSpan(4 * i, 4));
        f.OpacitiesRaw[i] = row[10];
        row.Slice(11, k3).CopyTo(f.Sh.AsSpan(k3 * i, k3));
    }

    public static void SetMean(Span<float> row, float x, float y, float z)
    {
        row[0] = x;
        row[1] = y;
        row[2] = z;
    }

    public static void SetRawScale(Span<float> row, int axis, float raw) => row[3 + axis] = raw;

    public static float RawOpacity(ReadOnlySpan<float> row) => row[10];

    public static float MaxScale(ReadOnlySpan<float> row, ScaleActivation kind) =>
        MathF.Max(Activations.Scale(kind, row[3]), MathF.Max(Activations.Scale(kind, row[4]), Activations.Scale(kind, row[5])));

    public static float MaxScale(PersistentGaussianField f, int i)
    {
        var kind = f.ScaleActivation;
        var raw = f.ScalesRaw;
        return MathF.Max(Activations.Scale(kind, raw[3 * i]), MathF.Max(Activations.Scale(kind, raw[3 * i + 1]), Activations.Scale(kind, raw[3 * i + 2])));
    }

    /// <summary>Moves rows <paramref name="kept"/> (ascending) to the front, in order; rows past kept.Length are left as they were.</summary>
    public static void Compact(PersistentGaussianField f, ReadOnlySpan<int> kept)
    {
        int k3 = 3 * f.ShCoefficients;
        for (int r = 0; r < kept.Length; r++)
        {
            int i = kept[r];
            if (i == r) continue;
            Array.Copy(f.Means, 3 * i, f.Means, 3 * r, 3);
            Array.Copy(f.ScalesRaw, 3 * i, f.ScalesRaw, 3 * r, 3);
            Array.Copy(f.RotationsRaw, 4 * i, f.RotationsRaw, 4 * r, 4);
            f.OpacitiesRaw[r] = f.OpacitiesRaw[i];
            Array.Copy(f.Sh, k3 * i, f.Sh, k3 * r, k3);
        }
    }
}
