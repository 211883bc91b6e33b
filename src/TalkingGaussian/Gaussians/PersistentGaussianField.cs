using TalkingGaussian.Rendering;

namespace TalkingGaussian.Gaussians;

/// <summary>
/// The Persistent Gaussian Field of the paper (§3.2): canonical parameters θ_C = {μ, s, q, α, f} of N Gaussians,
/// stored raw (before activation) as flat row-major arrays, so optimizers and kernels see contiguous buffers.
/// </summary>
/// <remarks>
/// Activations: scale = softplus(raw) (released code) or exp(raw); opacity = sigmoid(raw); rotation = q/‖q‖ with
/// q = (w, x, y, z); colour from SH of degree ≤ <see cref="ShDegree"/> (9 coefficients per channel at degree 2),
/// evaluated up to <see cref="ActiveShDegree"/>. The covariance is Σ = R S Sᵀ Rᵀ with S = diag(s) (Eq. 1).
/// </remarks>
public sealed class PersistentGaussianField
{
    /// <summary>Creates a field of <paramref name="count"/> Gaussians with zeroed parameters and unit quaternions.</summary>
    public PersistentGaussianField(int count, int shDegree = 2, ScaleActivation scaleActivation = ScaleActivation.Softplus)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
        if (shDegree is < 0 or > 3) throw new ArgumentOutOfRangeException(nameof(shDegree), "SH degree must be 0–3.");
        ShDegree = shDegree;
        ScaleActivation = scaleActivation;
        Resize(count);
        for (int i = 0; i < count; i++) RotationsRaw[4 * i] = 1f;
    }

    /// <summary>Number of Gaussians N.</summary>
    public int Count { get; private set; }

    /// <summary>SH degree the coefficients are stored for (2 in the released configuration).</summary>
    public int ShDegree { get; }

    /// <summary>SH degree used for colour; grows during training (0 → <see cref="ShDegree"/>).</summary>
    public int ActiveShDegree
    {
        get => _activeShDegree;
        set => _activeShDegree = value >= 0 && value <= ShDegree
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), $"Active SH degree must lie in [0, {ShDegree}].");
    }

    private int _activeShDegree;

    /// <summary>The scale activation (softplus as released, or exp as standard 3DGS).</summary>
    public ScaleActivation ScaleActivation { get; }

    /// <summary>Coefficients per colour channel K = (ShDegree + 1)².</summary>
    public int ShCoefficients => (ShDegree + 1) * (ShDegree + 1);

    /// <summary>[N, 3] means μ.</summary>
    public float[] Means { get; private set; } = [];

    /// <summary>[N, 3] raw scales; s = activation(raw).</summary>
    public float[] ScalesRaw { get; private set; } = [];

    /// <summary>[N, 4] raw quaternions (w, x, y, z); q = raw/‖raw‖.</summary>
    public float[] RotationsRaw { get; private set; } = [];

    /// <summary>[N] raw opacities; α = sigmoid(raw).</summary>
    public float[] OpacitiesRaw { get; private set; } = [];

    /// <summary>[N, K, 3] SH coefficients f: index (i·K + k)·3 + channel; k = 0 is the DC term.</summary>
    public float[] Sh { get; private set; } = [];

    /// <summary>Changes the number of Gaussians, keeping the first min(N, n) and zeroing new slots.</summary>
    public void Resize(int count)
    {
        Means = Grow(Means, 3 * count);
        ScalesRaw = Grow(ScalesRaw, 3 * count);
        RotationsRaw = Grow(RotationsRaw, 4 * count);
        OpacitiesRaw = Grow(OpacitiesRaw, count);
        Sh = Grow(Sh, 3 * ShCoefficients * count);
        Count = count;
    }

    private static float[] Grow(float[] a, int length)
    {
        if (a.Length == length) return a;
        var b = new float[length];
        Array.Copy(a, b, Math.Min(a.Length, length));
        return b;
    }

    /// <summary>
    /// Writes the activated parameters into <paramref name="into"/> (reusing its arrays when large enough):
    /// θ_C → rasterizer inputs with SH colour.
    /// </summary>
    public RasterInputs Activate(RasterInputs? into = null)
    {
        var r = into ?? new RasterInputs();
        int n = Count;
        r.Count = n;
        r.Means = Ensure(r.Means, 3 * n);
        r.Scales = Ensure(r.Scales, 3 * n);
        r.Rotations = Ensure(r.Rotations, 4 * n);
        r.Opacities = Ensure(r.Opacities, n);
        Array.Copy(Means, r.Means, 3 * n);
        for (int j = 0; j < 3 * n; j++) r.Scales[j] = Activations.Scale(ScaleActivation, ScalesRaw[j]);
        for (int i = 0; i < n; i++)
        {
            Activations.NormalizeQuaternion(RotationsRaw.AsSpan(4 * i, 4), r.Rotations.AsSpan(4 * i, 4));
            r.Opacities[i] = Activations.Sigmoid(OpacitiesRaw[i]);
        }
        r.Sh = Sh;
        r.Colors = null;
        r.ShDegree = ShDegree;
        r.ActiveShDegree = ActiveShDegree;
        return r;
    }

    private static float[] Ensure(float[] a, int length) => a.Length >= length ? a : new float[length];
}
