namespace TalkingGaussian.Gaussians;

/// <summary>
/// Adaptive density control settings (original-code.md §3.3), named and defaulted as the released code's
/// <c>OptimizationParams</c>; <see cref="Face"/> and <see cref="Mouth"/> give the two stages' values.
/// </summary>
public sealed record DensifierSettings
{
    /// <summary>Clone/split when the mean ‖∂L/∂means2D‖ (NDC units) reaches this (0.0002; the face script passes 0.0005).</summary>
    public float DensifyGradThreshold { get; init; } = 0.0002f;

    /// <summary>Gaussians with max scale ≤ percent_dense·E are cloned, larger ones split (0.005 in TalkingGaussian).</summary>
    public float PercentDense { get; init; } = 0.005f;

    /// <summary>Densify every this many iterations (100).</summary>
    public int DensificationInterval { get; init; } = 100;

    /// <summary>Densify only when the iteration exceeds this (500).</summary>
    public int DensifyFromIter { get; init; } = 500;

    /// <summary>Densify and collect statistics only below this iteration (45000; face: iterations − 1000).</summary>
    public int DensifyUntilIter { get; init; } = 45000;

    /// <summary>The screen-size prune switches on after this iteration (3000). Opacity is never reset (§10.11).</summary>
    public int OpacityResetInterval { get; init; } = 3000;

    /// <summary>Screen-size prune threshold in pixels of max radius (20).</summary>
    public int MaxScreenSize { get; init; } = 20;

    /// <summary>World-size prune: max scale &gt; this × E (0.1), applied together with the screen-size prune.</summary>
    public float WorldSizeFraction { get; init; } = 0.1f;

    /// <summary>Children per split Gaussian (N = 2).</summary>
    public int SplitChildren { get; init; } = 2;

    /// <summary>Child scale = parent scale / (0.8·N) = s/1.6 for N = 2.</summary>
    public float SplitScaleDivisor => 0.8f * SplitChildren;

    /// <summary>min_opacity at iteration 0 (0.05); it rises linearly by <see cref="MinOpacityRise"/> until DensifyUntilIter.</summary>
    public float MinOpacityStart { get; init; } = 0.05f;

    /// <summary>Rise of min_opacity over the densification span (0.25): min_opacity = 0.05 + 0.25·it/densify_until.</summary>
    public float MinOpacityRise { get; init; } = 0.25f;

    /// <summary>
    /// False (released behaviour): the screen-size test reads max_radii2D after densification_postfix has zeroed it, so it
    /// never fires and only the world-size test prunes big Gaussians. True: it reads the radii gathered since the last step.
    /// </summary>
    public bool KeepRadiiForScreenSizePrune { get; init; }

    /// <summary>Seed of the normal samples that place split children.</summary>
    public int Seed { get; init; }

    /// <summary>Face stage (<c>train_face.py</c>): threshold 0.0005, densify until iterations − 1000.</summary>
    public static DensifierSettings Face(int iterations = 50000) =>
        new() { DensifyGradThreshold = 0.0005f, DensifyUntilIter = iterations - 1000 };

    /// <summary>Mouth stage (<c>train_mouth.py</c>): the defaults (threshold 0.0002, until 45000).</summary>
    public static DensifierSettings Mouth() => new();

    /// <summary>Whether statistics are collected at <paramref name="iteration"/>.</summary>
    public bool CollectsStatisticsAt(int iteration) => iteration < DensifyUntilIter;

    /// <summary>Whether <see cref="Densifier.DensifyAndPrune(PersistentGaussianField, float, int)"/> runs at <paramref name="iteration"/>.</summary>
    public bool DensifiesAt(int iteration) =>
        iteration < DensifyUntilIter && iteration > DensifyFromIter && iteration % DensificationInterval == 0;

    /// <summary>min_opacity = 0.05 + 0.25·it/densify_until (§3.3 table).</summary>
    public float MinOpacityAt(int iteration) => MinOpacityStart + MinOpacityRise * iteration / DensifyUntilIter;

    /// <summary>size_threshold: 20 once past the opacity-reset interval, otherwise none.</summary>
    public int? ScreenSizeThresholdAt(int iteration) => iteration > OpacityResetInterval ? MaxScreenSize : null;
}
