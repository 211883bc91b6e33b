namespace TalkingGaussian.Motion;

/// <summary>
/// The tri-plane grid encoder H(μ) of paper §3.2 (Eq. 3), scalar reference: three 2D multi-resolution grids on the
/// xy, yz and xz planes, bilinear interpolation with the align-corners-false half-cell offset, features concatenated
/// as [xy (L·C) | yz (L·C) | xz (L·C)], ordered by level then feature inside a plane (original-code.md §4.1).
/// </summary>
/// <remarks>
/// The encoder does not own its table: callers pass a span of <see cref="ParameterCount"/> floats laid out as
/// three planes of <see cref="TriPlaneLevels.ParametersPerPlane"/>, each level ℓ at entries [Offsets[ℓ], Offsets[ℓ+1]).
/// A plane whose two coordinates do not both lie in [−bound, bound] gives 0 features and 0 gradients.
/// </remarks>
public sealed class TriPlaneEncoder
{
    /// <summary>The second hash prime (the first is 1): index = (gx·1) XOR (gy·2654435761) mod entries.</summary>
    public const uint HashPrime = 2654435761u;

    /// <summary>Creates the encoder for <paramref name="settings"/>.</summary>
    public TriPlaneEncoder(TriPlaneSettings settings) => Levels = new TriPlaneLevels(settings);

    /// <summary>The level table.</summary>
    public TriPlaneLevels Levels { get; }

    /// <summary>The settings.</summary>
    public TriPlaneSettings Settings => Levels.Settings;

    /// <summary>Parameters of the three tables.</summary>
    public int ParameterCount => Levels.ParameterCount;

    /// <summary>Features per position: 3·L·C.</summary>
    public int OutputDimension => Settings.OutputDimension;

    /// <summary>Fills the tables with U(−1e-4, 1e-4), as the released encoder initialises its embeddings.</summary>
    public static void Initialize(Span<float> table, Random rng)
    {
        for (int i = 0; i < table.Length; i++) table[i] = (float)(rng.NextDouble() * 2e-4 - 1e-4);
    }

    /// <summary>The two coordinates plane <paramref name="plane"/> reads: 0 = (x, y), 1 = (y, z), 2 = (x, z).</summary>
    public static (int A, int B) PlaneAxes(int plane) => plane switch
    {
        0 => (0, 1),
        1 => (1, 2),
        2 => (0, 2),
        _ => throw new ArgumentOutOfRangeException(nameof(plane)),
    };

    /// <summary>Table index of grid corner (gx, gy) at level <paramref name="level"/>: dense when the level fits, hashed otherwise.</summary>
    public int CornerIndex(int level, int gx, int gy)
    {
        uint entries = (uint)Levels.Entries[level];
        uint index = Levels.Dense[level]
            ? (uint)gx + (uint)gy * (uint)(Levels.Resolutions[level] + 1)
            : (uint)gx ^ ((uint)gy * HashPrime);
        return (int)(index % entries);
    }

    /// <summary>H(μ): writes 3·L·C features of position <paramref name="position"/> into <paramref name="features"/>.</summary>
    public void Encode(ReadOnlySpan<float> table, ReadOnlySpan<float> position, Span<float> features)
    {
        CheckSizes(table, position, features.Length);
        int perPlane = Settings.Levels * Settings.FeaturesPerLevel;
        for (int plane = 0; plane < 3; plane++)
        {
            var (a, b) = PlaneAxes(plane);
            EncodePlane(table.Slice(plane * Levels.ParametersPerPlane, Levels.ParametersPerPlane),
                position[a], position[b], features.Slice(plane * perPlane, perPlane));
        }
    }

    /// <summary>
    /// Backward of <see cref="Encode"/>: adds w·∂L/∂feature into <paramref name="tableGradient"/> for each corner and
    /// adds ∂L/∂μ into <paramref name="positionGradient"/> (3 floats).
    /// </summary>
    public void Backward(ReadOnlySpan<float> table, ReadOnlySpan<float> position, ReadOnlySpan<float> featureGradient,
        Span<float> tableGradient, Span<float> positionGradient)
    {
        CheckSizes(table, position, featureGradient.Length);
        if (tableGradient.Length != table.Length) throw new ArgumentException($"Table gradient has {tableGradient.Length} floats; the table has {table.Length}.");
        if (positionGradient.Length != 3) throw new ArgumentException("The position gradient has 3 components.");
        int perPlane = Settings.Levels * Settings.FeaturesPerLevel;
        int planeSize = Levels.ParametersPerPlane;
        for (int plane = 0; plane < 3; plane++)
        {
            var (a, b) = PlaneAxes(plane);
            BackwardPlane(table.Slice(plane * planeSize, planeSize), position[a], position[b],
                featureGradient.Slice(plane * perPlane, perPlane), tableGradient.Slice(plane * planeSize, planeSize),
                out float ga, out float gb);
            positionGradient[a] += ga;
            positionGradient[b] += gb;
        }
    }

    private void EncodePlane(ReadOnlySpan<float> table, float pa, float pb, Span<float> features)
    {
        features.Clear();
        float bound = Settings.Bound;
        float ua = (pa + bound) / (2f * bound), ub = (pb + bound) / (2f * bound);
        if (ua < 0f || ua > 1f || ub < 0f || ub > 1f) return; // outside the plane's square: zero features
        int c = Settings.FeaturesPerLevel;
        for (int level = 0; level < Settings.Levels; level++)
        {
            float s = Levels.Scales[level];
            float posA = ua * s + 0.5f, posB = ub * s + 0.5f; // align_corners = false: half-cell offset
            int ga = (int)MathF.Floor(posA), gb = (int)MathF.Floor(posB);
            float fa = posA - ga, fb = posB - gb;
            for (int corner = 0; corner < 4; corner++)
            {
                int da = corner & 1, db = corner >> 1;
                float w = (da == 1 ? fa : 1f - fa) * (db == 1 ? fb : 1f - fb);
                int entry = Levels.Offsets[level] + CornerIndex(level, ga + da, gb + db);
                for (int k = 0; k < c; k++) features[level * c + k] += w * table[entry * c + k];
            }
        }
    }

    private void BackwardPlane(ReadOnlySpan<float> table, float pa, float pb, ReadOnlySpan<float> g, Span<float> gTable,
        out float gPa, out float gPb)
    {
        gPa = 0f;
        gPb = 0f;
        float bound = Settings.Bound;
        float ua = (pa + bound) / (2f * bound), ub = (pb + bound) / (2f * bound);
        if (ua < 0f || ua > 1f || ub < 0f || ub > 1f) return; // zero gradient outside the square
        int c = Settings.FeaturesPerLevel;
        float du = 1f / (2f * bound); // ∂u/∂p
        for (int level = 0; level < Settings.Levels; level++)
        {
            float s = Levels.Scales[level];
            float posA = ua * s + 0.5f, posB = ub * s + 0.5f;
            int ga = (int)MathF.Floor(posA), gb = (int)MathF.Floor(posB);
            float fa = posA - ga, fb = posB - gb;
            for (int corner = 0; corner < 4; corner++)
            {
                int da = corner & 1, db = corner >> 1;
                float wa = da == 1 ? fa : 1f - fa, wb = db == 1 ? fb : 1f - fb;
                int entry = Levels.Offsets[level] + CornerIndex(level, ga + da, gb + db);
                for (int k = 0; k < c; k++)
                {
                    float gk = g[level * c + k];
                    float v = table[entry * c + k];
                    gTable[entry * c + k] += wa * wb * gk;
                    // ∂w/∂pos_a = ±w_b, ∂pos_a/∂u_a = s, ∂u_a/∂p_a = 1/(2·bound)
                    gPa += gk * v * (da == 1 ? 1f : -1f) * wb * s * du;
                    gPb += gk * v * (db == 1 ? 1f : -1f) * wa * s * du;
                }
            }
        }
    }

    private void CheckSizes(ReadOnlySpan<float> table, ReadOnlySpan<float> position, int featureLength)
    {
        if (table.Length != ParameterCount) throw new ArgumentException($"The tri-plane table has {table.Length} floats; expected {ParameterCount}.");
        if (position.Length != 3) throw new ArgumentException($"A position has 3 components, got {position.Length}.");
        if (featureLength != OutputDimension) throw new ArgumentException($"Feature span has {featureLength} floats; expected {OutputDimension}.");
    }
}
