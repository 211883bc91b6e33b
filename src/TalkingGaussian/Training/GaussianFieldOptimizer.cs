using TalkingGaussian.Gaussians;
using TalkingGaussian.Motion;
using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Training;

/// <summary>
/// Optimises one Persistent Gaussian Field (paper §3.4) as the released trainers do: Adam over the raw parameters in the
/// groups xyz (scheduled, × camera extent), f (f_dc and f_rest at 1/20 of its rate through column scales), opacity,
/// scaling and rotation (original-code.md §3.2); the adaptive density control of §3.3 through a <see cref="Densifier"/>,
/// after which the groups are rebound to the resized arrays and their moments remapped row by row.
/// </summary>
public sealed class GaussianFieldOptimizer
{
    private readonly GaussianLearningRates _rates;
    private readonly int _positionDecaySteps;

    /// <summary>Creates the optimiser of <paramref name="field"/> for a stage of <paramref name="stageIterations"/>.</summary>
    /// <param name="field">The field to train.</param>
    /// <param name="rates">Learning rates.</param>
    /// <param name="extent">Camera extent E (1.1 × the largest distance of a train camera centre from their mean).</param>
    /// <param name="stageIterations">Length of the stage (the position rate decays over a fraction of it).</param>
    /// <param name="densifier">Clone/split/prune settings.</param>
    public GaussianFieldOptimizer(PersistentGaussianField field, GaussianLearningRates rates, float extent, int stageIterations, DensifierSettings densifier)
    {
        if (!(extent > 0)) throw new ArgumentOutOfRangeException(nameof(extent), $"The camera extent must be positive, got {extent}.");
        Field = field;
        Extent = extent;
        _rates = rates;
        _positionDecaySteps = Math.Max(1, StageFraction.Of(rates.PositionDecayFraction, stageIterations));
        Gradients.EnsureSize(field);
        int k = field.ShCoefficients;
        var featureScales = new float[3 * k];
        for (int c = 0; c < featureScales.Length; c++) featureScales[c] = c < 3 ? 1f : 1f / rates.FeatureRestDivisor;
        Adam = AdamOptimizer.ForGaussians(
        [
            new ParameterGroup("xyz", field.Means, Gradients.Means, 0, 3 * field.Count, rates.PositionInitial * extent),
            new ParameterGroup("f", field.Sh, Gradients.Sh, 0, 3 * k * field.Count, rates.FeatureDc) { ColumnScales = featureScales },
            new ParameterGroup("opacity", field.OpacitiesRaw, Gradients.OpacitiesRaw, 0, field.Count, rates.Opacity),
            new ParameterGroup("scaling", field.ScalesRaw, Gradients.ScalesRaw, 0, 3 * field.Count, rates.Scaling),
            new ParameterGroup("rotation", field.RotationsRaw, Gradients.RotationsRaw, 0, 4 * field.Count, rates.Rotation),
        ]);
        Densifier = new Densifier(densifier);
        Densifier.Reset(field.Count);
    }

    /// <summary>The field.</summary>
    public PersistentGaussianField Field { get; }

    /// <summary>∂L/∂θ_C of the current iteration.</summary>
    public GaussianFieldGradients Gradients { get; } = new();

    /// <summary>Adam over the five groups.</summary>
    public AdamOptimizer Adam { get; }

    /// <summary>Adaptive density control and its statistics.</summary>
    public Densifier Densifier { get; }

    /// <summary>Camera extent E.</summary>
    public float Extent { get; }

    /// <summary>The position rate at <paramref name="iteration"/>: log-linear from 1.6e-4·E to 1.6e-6·E.</summary>
    public float PositionLearningRate(int iteration) =>
        LearningRateSchedules.ExponentialDecay(iteration, _rates.PositionInitial * Extent, _rates.PositionFinal * Extent, _positionDecaySteps);

    /// <summary>Freezes or unfreezes groups: geometry = xyz, scaling, rotation.</summary>
    public void SetTrainable(bool geometry, bool opacity, bool color)
    {
        Adam["xyz"].Trainable = geometry;
        Adam["scaling"].Trainable = geometry;
        Adam["rotation"].Trainable = geometry;
        Adam["opacity"].Trainable = opacity;
        Adam["f"].Trainable = color;
    }

    /// <summary>Zeroes the gradients.</summary>
    public void ZeroGradients() => Gradients.Clear();

    /// <summary>
    /// Adds the gradients that reached θ_C through the deformation (Eq. 4) and, when the field's means also fed a motion
    /// field's encoder, that path too (<paramref name="meanGradient"/> [N, 3]; empty when none).
    /// </summary>
    public void AddGradients(DeformationGradients g, ReadOnlySpan<float> meanGradient)
    {
        int n = Field.Count;
        Add(Gradients.Means, g.Means, 3 * n);
        Add(Gradients.ScalesRaw, g.ScalesRaw, 3 * n);
        Add(Gradients.RotationsRaw, g.RotationsRaw, 4 * n);
        Add(Gradients.OpacitiesRaw, g.OpacitiesRaw, n);
        if (g.Sh.Length > 0) Add(Gradients.Sh, g.Sh, 3 * Field.ShCoefficients * n);
        if (!meanGradient.IsEmpty) Add(Gradients.Means, meanGradient, 3 * n);
    }

    /// <summary>One Adam step at <paramref name="iteration"/> (the position rate is scheduled first).</summary>
    public void Step(int iteration)
    {
        Adam["xyz"].LearningRate = PositionLearningRate(iteration);
        Adam.Step();
    }

    /// <summary>Clone, split and prune on the settings' schedule (the caller checks <see cref="DensifierSettings.DensifiesAt"/>).</summary>
    public RowRemap DensifyAndPrune(int iteration)
    {
        var remap = Densifier.DensifyAndPrune(Field, Extent, iteration);
        Rebind(remap);
        return remap;
    }

    /// <summary>Removes the Gaussians where <paramref name="remove"/> is true (the face stage's background prune).</summary>
    public RowRemap Prune(ReadOnlySpan<bool> remove)
    {
        var remap = Densifier.Prune(Field, remove);
        Rebind(remap);
        return remap;
    }

    /// <summary>Points the groups at the field's (possibly reallocated) arrays and carries each kept row's moments over.</summary>
    private void Rebind(RowRemap remap)
    {
        Gradients.EnsureSize(Field);
        var rows = remap.OptimizerSourceRows();
        int n = Field.Count, k = Field.ShCoefficients;
        Bind("xyz", Field.Means, Gradients.Means, 3);
        Bind("f", Field.Sh, Gradients.Sh, 3 * k);
        Bind("opacity", Field.OpacitiesRaw, Gradients.OpacitiesRaw, 1);
        Bind("scaling", Field.ScalesRaw, Gradients.ScalesRaw, 3);
        Bind("rotation", Field.RotationsRaw, Gradients.RotationsRaw, 4);

        void Bind(string name, float[] values, float[] gradients, int width)
        {
            var g = Adam[name];
            g.Rebind(values, gradients, 0, width * n);
            Adam.RemapRows(g, rows, width);
        }
    }

    private static void Add(float[] into, ReadOnlySpan<float> values, int length)
    {
        var a = into.AsSpan(0, length);
        var b = values[..length];
        for (int i = 0; i < length; i++) a[i] += b[i];
    }
}
