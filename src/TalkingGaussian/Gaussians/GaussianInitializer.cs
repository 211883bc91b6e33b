namespace TalkingGaussian.Gaussians;

/// <summary>
/// The initial Persistent Gaussian Field of the released code (original-code.md §3.4): N points uniform in a cube,
/// a flat grey colour, isotropic scales from the nearest-neighbour spacing, identity rotations and opacity 0.1.
/// The face stage uses 2000 points, the mouth stage 10000. Points come from a seeded <see cref="Random"/>,
/// so they are reproducible here but not the same numbers as the original's NumPy generator.
/// </summary>
public sealed class GaussianInitializer
{
    /// <summary>C0 = 1/(2√π), the degree-0 SH basis constant.</summary>
    public const double ShC0 = 0.28209479177387814;

    /// <summary>Points in the face stage (<c>--init_num 2000</c>).</summary>
    public const int FaceCount = 2000;

    /// <summary>Points in the mouth stage (default <c>init_num</c>).</summary>
    public const int MouthCount = 10000;

    /// <summary>Number of Gaussians N.</summary>
    public int Count { get; init; } = FaceCount;

    /// <summary>Points are uniform in [−h, h]³ (0.1 in the original).</summary>
    public float HalfExtent { get; init; } = 0.1f;

    /// <summary>Seed of the point sampler (the original seeds NumPy with 0).</summary>
    public int Seed { get; init; }

    /// <summary>SH degree of the field (2 in the released configuration); the active degree starts at 0.</summary>
    public int ShDegree { get; init; } = 2;

    /// <summary>Scale activation of the field (softplus as released).</summary>
    public ScaleActivation ScaleActivation { get; init; } = ScaleActivation.Softplus;

    /// <summary>
    /// The grey every point starts with. The original draws SH values in [0, 1/255), converts them to RGB and back through
    /// a uint8 PLY, which leaves 127/255 for every point; f_dc = (127/255 − 0.5)/C0 ≈ −0.00695.
    /// </summary>
    public float Grey { get; init; } = 127f / 255f;

    /// <summary>Initial opacity α; raw = logit(0.1) ≈ −2.197.</summary>
    public float Opacity { get; init; } = 0.1f;

    /// <summary>Floor on the mean squared neighbour distance before the square root (simple-knn clamps at 1e-7).</summary>
    public float MinSquaredDistance { get; init; } = 1e-7f;

    /// <summary>Neighbours averaged for the initial scale (3, as simple-knn's distCUDA2).</summary>
    public int Neighbors { get; init; } = 3;

    /// <summary>
    /// False (released behaviour): raw scale = log(d), the inverse of exp, even under softplus, so the effective scale is
    /// softplus(log d) = log(1 + d) ≈ d for small d (original-code.md §10.1). True: raw = activation⁻¹(d), exactly d.
    /// </summary>
    public bool ExactScaleInverse { get; init; }

    /// <summary>Builds the field.</summary>
    public PersistentGaussianField Create()
    {
        if (Count < 0) throw new ArgumentOutOfRangeException(nameof(Count), "Count must be non-negative.");
        if (!(HalfExtent > 0)) throw new ArgumentOutOfRangeException(nameof(HalfExtent), "HalfExtent must be positive.");
        if (!(Opacity > 0 && Opacity < 1)) throw new ArgumentOutOfRangeException(nameof(Opacity), "Opacity must lie in (0, 1).");
        var field = new PersistentGaussianField(Count, ShDegree, ScaleActivation);
        int n = Count, k = field.ShCoefficients;

        var rng = new Random(Seed);
        for (int j = 0; j < 3 * n; j++) field.Means[j] = HalfExtent * (2f * rng.NextSingle() - 1f);

        float dc = (float)((Grey - 0.5) / ShC0); // c = C0·f_dc + 0.5 (original-code.md §3.1)
        float opacityRaw = Activations.Logit(Opacity);
        var meanSquared = new float[n];
        UniformGridNeighbors.MeanSquaredDistance(field.Means.AsSpan(0, 3 * n), Neighbors, meanSquared);
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < 3; c++) field.Sh[3 * k * i + c] = dc; // higher bands stay 0
            float d = MathF.Sqrt(MathF.Max(meanSquared[i], MinSquaredDistance));
            float raw = ExactScaleInverse ? Activations.ScaleInverse(ScaleActivation, d) : MathF.Log(d);
            for (int c = 0; c < 3; c++) field.ScalesRaw[3 * i + c] = raw;
            field.OpacitiesRaw[i] = opacityRaw; // rotations are (1, 0, 0, 0) from the constructor
        }
        return field;
    }
}
