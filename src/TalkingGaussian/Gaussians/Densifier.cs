using TalkingGaussian.Rendering;

namespace TalkingGaussian.Gaussians;

/// <summary>
/// Adaptive density control of the Persistent Gaussian Field (3DGS, as released: original-code.md §3.3).
/// Collects per-Gaussian statistics every iteration (mean ‖∂L/∂means2D‖ over the views a Gaussian was visible in, and its
/// largest screen radius), then clones small under-reconstructed Gaussians, splits large ones into two children drawn
/// from their own Gaussian, and prunes transparent or oversized ones. Every step returns a <see cref="RowRemap"/>.
/// A step may reallocate the field's arrays (through <see cref="PersistentGaussianField.Resize"/>): optimizer groups bound
/// to them must be rebound, and their moments remapped with <see cref="RowRemap.OptimizerSourceRows"/>.
/// </summary>
public sealed class Densifier
{
    private float[] _gradAccum = [];
    private float[] _denom = [];
    private int[] _maxRadii = [];
    private float[] _scratch = [];      // appended rows, one FieldRows.Stride(K) stride each
    private bool[] _remove = [];

    /// <summary>Creates a densifier; statistics are sized by <see cref="Reset"/>.</summary>
    public Densifier(DensifierSettings? settings = null)
    {
        Settings = settings ?? new DensifierSettings();
        Random = new TrainingRandom(Settings.Seed);
    }

    /// <summary>The generator of the split children's offsets; its state is saved with a training checkpoint.</summary>
    public TrainingRandom Random { get; }

    /// <summary>The settings.</summary>
    public DensifierSettings Settings { get; }

    /// <summary>Rows the statistics are kept for (must equal the field's count).</summary>
    public int Count { get; private set; }

    /// <summary>Σ ‖∂L/∂means2D‖ per Gaussian over visible views (xyz_gradient_accum).</summary>
    public ReadOnlySpan<float> GradientAccum => _gradAccum.AsSpan(0, Count);

    /// <summary>Number of views each Gaussian was visible in (denom).</summary>
    public ReadOnlySpan<float> Denominator => _denom.AsSpan(0, Count);

    /// <summary>Largest integer screen radius seen (max_radii2D).</summary>
    public ReadOnlySpan<int> MaxRadii => _maxRadii.AsSpan(0, Count);

    /// <summary>Sizes the statistics for <paramref name="count"/> Gaussians and zeroes them.</summary>
    public void Reset(int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
        _gradAccum = Ensure(_gradAccum, count);
        _denom = Ensure(_denom, count);
        _maxRadii = Ensure(_maxRadii, count);
        Count = count;
        Array.Clear(_gradAccum, 0, count);
        Array.Clear(_denom, 0, count);
        Array.Clear(_maxRadii, 0, count);
    }

    /// <summary>Sets the statistics to saved values (a resumed checkpoint); the three spans have one entry per Gaussian.</summary>
    public void Restore(ReadOnlySpan<float> gradientAccum, ReadOnlySpan<float> denominator, ReadOnlySpan<int> maxRadii)
    {
        if (denominator.Length != gradientAccum.Length || maxRadii.Length != gradientAccum.Length)
            throw new ArgumentException("Saved densification statistics must have one entry per Gaussian in each array.");
        Reset(gradientAccum.Length);
        gradientAccum.CopyTo(_gradAccum);
        denominator.CopyTo(_denom);
        maxRadii.CopyTo(_maxRadii);
    }

    /// <summary>Adds one view's statistics from the rasterizer's gradients and radii (add_densification_stats).</summary>
    public void AccumulateStatistics(RasterGradients gradients, RasterOutput output) =>
        AccumulateStatistics(gradients.Means2D, output.Radii);

    /// <summary>
    /// For every Gaussian with radius &gt; 0: accum += ‖∂L/∂means2D‖ (NDC units), denom += 1, max radius updated.
    /// </summary>
    public void AccumulateStatistics(ReadOnlySpan<float> means2DGradient, ReadOnlySpan<int> radii)
    {
        int n = Count;
        if (means2DGradient.Length < 2 * n || radii.Length < n)
            throw new ArgumentException(
                $"Statistics are kept for {n} Gaussians but got {means2DGradient.Length / 2} means2D gradients and {radii.Length} radii; call Reset after the field changed size.");
        for (int i = 0; i < n; i++)
        {
            if (radii[i] <= 0) continue;
            float gx = means2DGradient[2 * i], gy = means2DGradient[2 * i + 1];
            _gradAccum[i] += MathF.Sqrt(gx * gx + gy * gy);
            _denom[i] += 1f;
            if (radii[i] > _maxRadii[i]) _maxRadii[i] = radii[i];
        }
    }

    /// <summary>The scheduled step at <paramref name="iteration"/>: min opacity and size threshold from the settings.</summary>
    public RowRemap DensifyAndPrune(PersistentGaussianField field, float extent, int iteration) =>
        DensifyAndPrune(field, extent, Settings.MinOpacityAt(iteration), Settings.ScreenSizeThresholdAt(iteration));

    /// <summary>
    /// Clone, split, then prune (densify_and_prune). <paramref name="extent"/> is the camera extent E; a Gaussian is pruned
    /// when α &lt; <paramref name="minOpacity"/>, or, when <paramref name="maxScreenSize"/> is given, when its max radius
    /// exceeds it (see <see cref="DensifierSettings.KeepRadiiForScreenSizePrune"/>) or its max scale exceeds 0.1·E.
    /// Statistics are reset for the new rows afterwards.
    /// </summary>
    public RowRemap DensifyAndPrune(PersistentGaussianField field, float extent, float minOpacity, int? maxScreenSize)
    {
        int n = field.Count;
        RequireCount(field);
        var s = Settings;
        int k = field.ShCoefficients, stride = FieldRows.Stride(k);
        float denseLimit = s.PercentDense * extent;

        // 1. Select: clone if ‖g‖ ≥ τ and max scale ≤ percent_dense·E, split if ‖g‖ ≥ τ and larger (g = accum/denom, NaN → 0).
        int cloned = 0, split = 0;
        _remove = Ensure(_remove, n);
        for (int i = 0; i < n; i++)
        {
            float g = _denom[i] > 0 ? _gradAccum[i] / _denom[i] : 0f;
            if (!(g >= s.DensifyGradThreshold)) continue;
            if (FieldRows.MaxScale(field, i) <= denseLimit) cloned++;
            else split++;
        }
        int children = s.SplitChildren;
        int appendedCandidates = cloned + children * split;
        var sources = new int[appendedCandidates];
        _scratch = Ensure(_scratch, appendedCandidates * stride);

        // 2. Appended rows: clones first (exact copies of the raw parameters), then children ordered child-major as torch's repeat.
        int a = 0;
        for (int i = 0; i < n; i++)
            if (Selected(i) && FieldRows.MaxScale(field, i) <= denseLimit)
            {
                FieldRows.CopyOut(field, i, _scratch.AsSpan(a * stride, stride));
                sources[a++] = i;
            }
        for (int c = 0; c < children; c++)
            for (int i = 0; i < n; i++)
                if (Selected(i) && FieldRows.MaxScale(field, i) > denseLimit)
                {
                    var row = _scratch.AsSpan(a * stride, stride);
                    FieldRows.CopyOut(field, i, row);
                    PlaceChild(field, i, row, s.SplitScaleDivisor);
                    sources[a++] = i;
                }

        // 3. Prune: split parents, α < min_opacity, and (with a size threshold) oversized Gaussians.
        float worldLimit = s.WorldSizeFraction * extent;
        int pruned = 0, keptCount = 0;
        for (int i = 0; i < n; i++)
        {
            bool parent = Selected(i) && FieldRows.MaxScale(field, i) > denseLimit;
            int radius = s.KeepRadiiForScreenSizePrune ? _maxRadii[i] : 0; // released: zeroed by densification_postfix
            bool prune = Activations.Sigmoid(field.OpacitiesRaw[i]) < minOpacity
                || (maxScreenSize is int screen && (radius > screen || FieldRows.MaxScale(field, i) > worldLimit));
            _remove[i] = parent || prune;
            if (prune && !parent) pruned++;
            if (!_remove[i]) keptCount++;
        }
        int appendedKept = 0;
        for (int r = 0; r < appendedCandidates; r++)
        {
            var row = _scratch.AsSpan(r * stride, stride);
            bool prune = Activations.Sigmoid(FieldRows.RawOpacity(row)) < minOpacity
                || (maxScreenSize is not null && FieldRows.MaxScale(row, field.ScaleActivation) > worldLimit);
            if (prune) { pruned++; continue; }
            if (appendedKept != r) row.CopyTo(_scratch.AsSpan(appendedKept * stride, stride));
            sources[appendedKept++] = sources[r];
        }

        // 4. Rebuild: kept rows compacted in order, then the surviving appended rows.
        var kept = new int[keptCount];
        int w = 0;
        for (int i = 0; i < n; i++)
            if (!_remove[i]) kept[w++] = i;
        FieldRows.Compact(field, kept);
        field.Resize(keptCount + appendedKept);
        for (int r = 0; r < appendedKept; r++) FieldRows.CopyIn(field, keptCount + r, _scratch.AsSpan(r * stride, stride));

        Reset(field.Count); // densification_postfix zeroes accum, denom and max radii
        return new RowRemap(n, kept, sources[..appendedKept], cloned, split, pruned);

        bool Selected(int i)
        {
            float g = _denom[i] > 0 ? _gradAccum[i] / _denom[i] : 0f;
            return g >= s.DensifyGradThreshold;
        }
    }

    /// <summary>
    /// Removes the rows where <paramref name="remove"/> is true (prune_points; e.g. the face stage's background prune),
    /// keeping the statistics of the remaining rows.
    /// </summary>
    public RowRemap Prune(PersistentGaussianField field, ReadOnlySpan<bool> remove)
    {
        int n = field.Count;
        RequireCount(field);
        if (remove.Length < n) throw new ArgumentException($"The mask has {remove.Length} entries; the field has {n} Gaussians.");
        int keptCount = 0;
        for (int i = 0; i < n; i++)
            if (!remove[i]) keptCount++;
        var kept = new int[keptCount];
        int w = 0;
        for (int i = 0; i < n; i++)
        {
            if (remove[i]) continue;
            // Compact the statistics alongside (kept[w] ≥ w, so forward copying is safe).
            _gradAccum[w] = _gradAccum[i];
            _denom[w] = _denom[i];
            _maxRadii[w] = _maxRadii[i];
            kept[w++] = i;
        }
        FieldRows.Compact(field, kept);
        field.Resize(keptCount);
        Count = keptCount;
        return new RowRemap(n, kept, [], 0, 0, n - keptCount);
    }

    /// <summary>
    /// Child of a split: μ' = R(q̂)·(s ⊙ z) + μ with z ~ 𝒩(0, I), so the offset is drawn from the parent's own Gaussian
    /// (std = its scale); child scale = s / (0.8·N), stored through the inverse activation.
    /// </summary>
    private void PlaceChild(PersistentGaussianField field, int i, Span<float> row, float divisor)
    {
        var kind = field.ScaleActivation;
        Span<float> s = stackalloc float[3], q = stackalloc float[4], local = stackalloc float[3];
        for (int c = 0; c < 3; c++) s[c] = Activations.Scale(kind, field.ScalesRaw[3 * i + c]);
        for (int c = 0; c < 3; c++) local[c] = s[c] * StandardNormal();
        Activations.NormalizeQuaternion(field.RotationsRaw.AsSpan(4 * i, 4), q);
        float w = q[0], x = q[1], y = q[2], z = q[3];
        // R(q) of build_rotation, applied to the local offset.
        float ox = (1 - 2 * (y * y + z * z)) * local[0] + 2 * (x * y - w * z) * local[1] + 2 * (x * z + w * y) * local[2];
        float oy = 2 * (x * y + w * z) * local[0] + (1 - 2 * (x * x + z * z)) * local[1] + 2 * (y * z - w * x) * local[2];
        float oz = 2 * (x * z - w * y) * local[0] + 2 * (y * z + w * x) * local[1] + (1 - 2 * (x * x + y * y)) * local[2];
        FieldRows.SetMean(row, field.Means[3 * i] + ox, field.Means[3 * i + 1] + oy, field.Means[3 * i + 2] + oz);
        for (int c = 0; c < 3; c++) FieldRows.SetRawScale(row, c, Activations.ScaleInverse(kind, s[c] / divisor));
    }

    private float StandardNormal() => Random.NextGaussian();

    private void RequireCount(PersistentGaussianField field)
    {
        if (Count != field.Count)
            throw new InvalidOperationException(
                $"Densification statistics are kept for {Count} Gaussians but the field has {field.Count}; call Reset(field.Count) after changing the field elsewhere.");
    }

    private static T[] Ensure<T>(T[] a, int length) => a.Length >= length ? a : new T[length];
}
