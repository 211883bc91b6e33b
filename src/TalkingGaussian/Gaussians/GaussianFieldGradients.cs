using TalkingGaussian.Rendering;

namespace TalkingGaussian.Gaussians;

/// <summary>
/// ∂L/∂θ_C for the raw parameters of a <see cref="PersistentGaussianField"/>, in the same layouts (Means [N,3],
/// ScalesRaw [N,3], RotationsRaw [N,4], OpacitiesRaw [N], Sh [N,K,3]). <see cref="Accumulate"/> adds the chain rule
/// through the activations to gradients the rasterizer returns for the activated parameters.
/// Buffers only grow: after the field shrinks they are longer than 3N etc.; the first <see cref="Count"/> rows are live.
/// </summary>
public sealed class GaussianFieldGradients
{
    /// <summary>Number of live rows N (the field's count at the last <see cref="EnsureSize"/>).</summary>
    public int Count { get; private set; }

    /// <summary>Coefficients per colour channel K the <see cref="Sh"/> rows are laid out for.</summary>
    public int ShCoefficients { get; private set; }

    /// <summary>∂L/∂μ, [N, 3].</summary>
    public float[] Means { get; private set; } = [];

    /// <summary>∂L/∂raw scale, [N, 3].</summary>
    public float[] ScalesRaw { get; private set; } = [];

    /// <summary>∂L/∂raw quaternion, [N, 4].</summary>
    public float[] RotationsRaw { get; private set; } = [];

    /// <summary>∂L/∂raw opacity, [N].</summary>
    public float[] OpacitiesRaw { get; private set; } = [];

    /// <summary>∂L/∂f, [N, K, 3].</summary>
    public float[] Sh { get; private set; } = [];

    /// <summary>
    /// Sizes the buffers for <paramref name="field"/> (growing only; a reallocation zeroes everything) and zeroes the live rows
    /// when <paramref name="clear"/>. Callers that bound optimizer groups to these arrays must rebind after a reallocation.
    /// </summary>
    /// <returns>Whether any array was reallocated.</returns>
    public bool EnsureSize(PersistentGaussianField field, bool clear = true)
    {
        int n = field.Count, k = field.ShCoefficients;
        bool grew = false;
        Means = Grow(Means, 3 * n, ref grew);
        ScalesRaw = Grow(ScalesRaw, 3 * n, ref grew);
        RotationsRaw = Grow(RotationsRaw, 4 * n, ref grew);
        OpacitiesRaw = Grow(OpacitiesRaw, n, ref grew);
        Sh = Grow(Sh, 3 * k * n, ref grew);
        Count = n;
        ShCoefficients = k;
        if (clear) Clear();
        return grew;
    }

    /// <summary>Zeroes the live rows.</summary>
    public void Clear()
    {
        int n = Count;
        Array.Clear(Means, 0, 3 * n);
        Array.Clear(ScalesRaw, 0, 3 * n);
        Array.Clear(RotationsRaw, 0, 4 * n);
        Array.Clear(OpacitiesRaw, 0, n);
        Array.Clear(Sh, 0, 3 * ShCoefficients * n);
    }

    /// <summary>
    /// Adds the raw-parameter gradients implied by <paramref name="activated"/> (gradients w.r.t. the rasterizer inputs
    /// that <see cref="PersistentGaussianField.Activate"/> produced from <paramref name="field"/>):
    /// ∂L/∂raw_s = ∂L/∂s · activation′(raw_s); ∂L/∂raw_α = ∂L/∂α · σ(r)(1 − σ(r));
    /// ∂L/∂q = (g − q̂(q̂·g))/‖q‖ through q̂ = q/‖q‖; means and SH pass straight through (SH only when it was used).
    /// </summary>
    public void Accumulate(PersistentGaussianField field, RasterGradients activated)
    {
        int n = field.Count;
        if (Count != n || ShCoefficients != field.ShCoefficients)
            throw new InvalidOperationException(
                $"Gradients are sized for {Count} Gaussians (K = {ShCoefficients}) but the field has {n} (K = {field.ShCoefficients}); call EnsureSize first.");
        Require(activated.Means, 3 * n, "Means");
        Require(activated.Scales, 3 * n, "Scales");
        Require(activated.Rotations, 4 * n, "Rotations");
        Require(activated.Opacities, n, "Opacities");

        for (int j = 0; j < 3 * n; j++) Means[j] += activated.Means[j];

        var kind = field.ScaleActivation;
        for (int j = 0; j < 3 * n; j++)
            ScalesRaw[j] += activated.Scales[j] * Activations.ScaleDerivative(kind, field.ScalesRaw[j]);

        for (int i = 0; i < n; i++)
        {
            float a = Activations.Sigmoid(field.OpacitiesRaw[i]);
            OpacitiesRaw[i] += activated.Opacities[i] * a * (1f - a); // σ′ = σ(1 − σ)
        }

        Span<float> dq = stackalloc float[4];
        for (int i = 0; i < n; i++)
        {
            Activations.NormalizeQuaternionBackward(field.RotationsRaw.AsSpan(4 * i, 4), activated.Rotations.AsSpan(4 * i, 4), dq);
            for (int c = 0; c < 4; c++) RotationsRaw[4 * i + c] += dq[c];
        }

        if (activated.Sh.Length > 0)
        {
            int length = 3 * field.ShCoefficients * n;
            Require(activated.Sh, length, "Sh");
            for (int j = 0; j < length; j++) Sh[j] += activated.Sh[j];
        }
    }

    private static void Require(float[] a, int length, string name)
    {
        if (a.Length < length)
            throw new ArgumentException($"RasterGradients.{name} has {a.Length} floats; the field needs {length}.");
    }

    private static float[] Grow(float[] a, int length, ref bool grew)
    {
        if (a.Length >= length) return a;
        grew = true;
        return new float[length];
    }
}
