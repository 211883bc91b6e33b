namespace TalkingGaussian.Motion;

/// <summary>
/// The per-level geometry of one tri-plane grid (the same for all three planes), derived from <see cref="TriPlaneSettings"/>
/// exactly as the released encoder does (original-code.md §4.1):
/// scale s_ℓ = 2^(ℓ·log2 b)·H − 1 and resolution res_ℓ = ⌈s_ℓ⌉ + 1 in float32 (what the kernel uses);
/// entries_ℓ = ceil8(min(2^log2T, (⌈H·b^ℓ⌉ + 1)²)) in double (what the allocation uses).
/// A level is dense (index gx + gy·(res+1)) when (res+1)² ≤ entries, hashed otherwise.
/// </summary>
public sealed class TriPlaneLevels
{
    /// <summary>Computes the level table for <paramref name="settings"/>.</summary>
    public TriPlaneLevels(TriPlaneSettings settings)
    {
        settings.Validate();
        Settings = settings;
        int levels = settings.Levels;
        Scales = new float[levels];
        Resolutions = new int[levels];
        Entries = new int[levels];
        Offsets = new int[levels + 1];
        Dense = new bool[levels];
        float log2b = MathF.Log2((float)settings.PerLevelScale);
        long cap = 1L << settings.Log2HashmapSize;
        for (int l = 0; l < levels; l++)
        {
            Scales[l] = float.Exp2(l * log2b) * settings.BaseResolution - 1f;
            Resolutions[l] = (int)MathF.Ceiling(Scales[l]) + 1;
            long side = (long)Math.Ceiling(settings.BaseResolution * Math.Pow(settings.PerLevelScale, l)) + 1;
            long entries = Math.Min(cap, side * side);
            entries = (entries + 7) / 8 * 8;
            Entries[l] = checked((int)entries);
            Offsets[l + 1] = checked(Offsets[l] + Entries[l]);
            long stride = Resolutions[l] + 1L;
            Dense[l] = stride * stride <= Entries[l];
        }
    }

    /// <summary>The settings the table was derived from.</summary>
    public TriPlaneSettings Settings { get; }

    /// <summary>s_ℓ (float32): a unit input maps to grid coordinate u·s_ℓ + 0.5.</summary>
    public float[] Scales { get; }

    /// <summary>res_ℓ = ⌈s_ℓ⌉ + 1.</summary>
    public int[] Resolutions { get; }

    /// <summary>Table entries of level ℓ.</summary>
    public int[] Entries { get; }

    /// <summary>First entry of level ℓ within a plane's table; Offsets[L] = entries per plane.</summary>
    public int[] Offsets { get; }

    /// <summary>Whether level ℓ is indexed densely (true at every released level) rather than hashed.</summary>
    public bool[] Dense { get; }

    /// <summary>Entries per plane (9464 face, 46600 mouth).</summary>
    public int EntriesPerPlane => Offsets[^1];

    /// <summary>Parameters per plane: entries × C.</summary>
    public int ParametersPerPlane => EntriesPerPlane * Settings.FeaturesPerLevel;

    /// <summary>Parameters of the whole encoder: 3 planes (xy, yz, xz, in that order in the flat buffer).</summary>
    public int ParameterCount => 3 * ParametersPerPlane;
}
