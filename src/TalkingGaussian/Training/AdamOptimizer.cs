namespace TalkingGaussian.Training;

/// <summary>
/// Adam with decoupled weight decay (AdamW; Adam when a group's decay is 0) over <see cref="ParameterGroup"/>s,
/// step for step as PyTorch's implementation:
/// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p·(1 − lr·wd) − lr·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
/// The Gaussians use β = (0.9, 0.999), ε = 1e-15; the motion fields β = (0.9, 0.99), ε = 1e-8 (original-code.md §3.2, §4.6).
/// </summary>
public sealed class AdamOptimizer
{
    private readonly List<ParameterGroup> _groups;
    private readonly Dictionary<ParameterGroup, Moments> _moments = new();

    /// <summary>Creates an optimizer over <paramref name="groups"/>.</summary>
    public AdamOptimizer(IEnumerable<ParameterGroup> groups, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
    {
        if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), "β₁ must lie in [0, 1).");
        if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), "β₂ must lie in [0, 1).");
        if (epsilon <= 0) throw new ArgumentOutOfRangeException(nameof(epsilon), "Epsilon must be positive.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        _groups = groups.ToList();
        var names = new HashSet<string>();
        foreach (var g in _groups)
        {
            if (!names.Add(g.Name)) throw new ArgumentException($"Two parameter groups are named '{g.Name}'.");
            _moments[g] = new Moments(g.Length);
        }
    }

    /// <summary>The Gaussian optimizer's settings: β = (0.9, 0.999), ε = 1e-15.</summary>
    public static AdamOptimizer ForGaussians(IEnumerable<ParameterGroup> groups) => new(groups, 0.9f, 0.999f, 1e-15f);

    /// <summary>The motion-field optimizer's settings (AdamW): β = (0.9, 0.99), ε = 1e-8.</summary>
    public static AdamOptimizer ForMotionFields(IEnumerable<ParameterGroup> groups) => new(groups, 0.9f, 0.99f, 1e-8f);

    /// <summary>β₁.</summary>
    public float Beta1 { get; }

    /// <summary>β₂.</summary>
    public float Beta2 { get; }

    /// <summary>ε added to √v̂.</summary>
    public float Epsilon { get; }

    /// <summary>The groups, in creation order.</summary>
    public IReadOnlyList<ParameterGroup> Groups => _groups;

    /// <summary>The group called <paramref name="name"/>.</summary>
    public ParameterGroup this[string name]
    {
        get
        {
            foreach (var g in _groups) // a loop, not List.Find: a lambda capturing the name would allocate per call
                if (g.Name == name) return g;
            throw new KeyNotFoundException($"No parameter group named '{name}'.");
        }
    }

    /// <summary>Steps taken by <paramref name="group"/>.</summary>
    public int StepCount(ParameterGroup group) => _moments[group].Step;

    /// <summary>First and second moments of <paramref name="group"/> (for checkpoints and tests).</summary>
    public (float[] M, float[] V) MomentsOf(ParameterGroup group) => (_moments[group].M, _moments[group].V);

    /// <summary>Sets <paramref name="group"/>'s moments and step count to saved values (a resumed checkpoint).</summary>
    public void Restore(ParameterGroup group, ReadOnlySpan<float> m, ReadOnlySpan<float> v, int step)
    {
        if (m.Length != group.Length || v.Length != group.Length)
            throw new ArgumentException($"Group '{group.Name}' has {group.Length} parameters; the saved moments have {m.Length} and {v.Length}.");
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), "A step count cannot be negative.");
        var fresh = new Moments(group.Length) { Step = step };
        m.CopyTo(fresh.M);
        v.CopyTo(fresh.V);
        _moments[group] = fresh;
    }

    /// <summary>Takes one step on every trainable group.</summary>
    public void Step()
    {
        foreach (var g in _groups)
            if (g.Trainable) Step(g);
    }

    /// <summary>Zeroes every group's gradient slice.</summary>
    public void ZeroGradients()
    {
        foreach (var g in _groups) g.GradientSpan.Clear();
    }

    private void Step(ParameterGroup g)
    {
        var state = _moments[g];
        if (state.M.Length != g.Length)
            throw new InvalidOperationException(
                $"Parameter group '{g.Name}' has {g.Length} parameters but its moments have {state.M.Length}; call RemapRows after resizing.");
        int t = ++state.Step;
        double bias1 = 1 - Math.Pow(Beta1, t), bias2 = 1 - Math.Pow(Beta2, t);
        float lr = g.LearningRate;
        float stepSize = (float)(lr / bias1);
        float invSqrtBias2 = (float)(1 / Math.Sqrt(bias2));
        float decay = 1f - lr * g.WeightDecay;
        float b1 = Beta1, b2 = Beta2, eps = Epsilon;
        var p = g.ValueSpan;
        var grad = g.GradientSpan;
        var m = state.M.AsSpan();
        var v = state.V.AsSpan();
        if (g.ColumnScales is { } scales)
        {
            if (p.Length % scales.Length != 0)
                throw new InvalidOperationException($"Parameter group '{g.Name}': {p.Length} parameters are not whole rows of {scales.Length} columns.");
            for (int row = 0; row < p.Length; row += scales.Length)
            for (int c = 0; c < scales.Length; c++)
            {
                int i = row + c;
                float scale = scales[c];
                float gi = grad[i];
                float mi = m[i] = b1 * m[i] + (1f - b1) * gi;
                float vi = v[i] = b2 * v[i] + (1f - b2) * gi * gi;
                p[i] = p[i] * (1f - lr * scale * g.WeightDecay) - scale * stepSize * mi / (MathF.Sqrt(vi) * invSqrtBias2 + eps);
            }
            return;
        }
        for (int i = 0; i < p.Length; i++)
        {
            float gi = grad[i];
            float mi = m[i] = b1 * m[i] + (1f - b1) * gi;
            float vi = v[i] = b2 * v[i] + (1f - b2) * gi * gi;
            p[i] = p[i] * decay - stepSize * mi / (MathF.Sqrt(vi) * invSqrtBias2 + eps);
        }
    }

    /// <summary>
    /// After densification or pruning changed <paramref name="group"/>'s rows (already rebound to the new arrays):
    /// row r of the new moments comes from old row <paramref name="sourceRows"/>[r], or starts at zero where it is −1
    /// (new Gaussians start with zero moments, as in 3DGS). The step count is kept.
    /// </summary>
    public void RemapRows(ParameterGroup group, ReadOnlySpan<int> sourceRows, int rowWidth)
    {
        if (rowWidth <= 0) throw new ArgumentOutOfRangeException(nameof(rowWidth), $"Group '{group.Name}': a row width must be positive, not {rowWidth}.");
        if (sourceRows.Length * rowWidth != group.Length)
            throw new ArgumentException($"Group '{group.Name}': {sourceRows.Length} rows × {rowWidth} ≠ {group.Length} parameters.");
        var old = _moments[group];
        var fresh = new Moments(group.Length) { Step = old.Step };
        int oldRows = old.M.Length / rowWidth;
        for (int r = 0; r < sourceRows.Length; r++)
        {
            int s = sourceRows[r];
            if (s < 0) continue;
            if (s >= oldRows) throw new ArgumentOutOfRangeException(nameof(sourceRows), $"Source row {s} ≥ old row count {oldRows}.");
            Array.Copy(old.M, s * rowWidth, fresh.M, r * rowWidth, rowWidth);
            Array.Copy(old.V, s * rowWidth, fresh.V, r * rowWidth, rowWidth);
        }
        _moments[group] = fresh;
    }

    private sealed class Moments(int length)
    {
        public float[] M { get; } = new float[length];
        public float[] V { get; } = new float[length];
        public int Step { get; set; }
    }
}
