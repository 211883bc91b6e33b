using TalkingGaussian.Motion;

namespace TalkingGaussian.Training;

/// <summary>
/// Optimises one Grid-based Motion Field (paper §3.2–3.3): its flat parameter buffer, AdamW over the released groups
/// (β = (0.9, 0.99), ε = 1e-8, per-group rates and weight decays, original-code.md §4.6), and the released learning-rate
/// factor 0.5^(k/S) before S, 0.1^(k/B) after it.
/// </summary>
public sealed class MotionFieldOptimizer
{
    private readonly int _switchStep, _decaySteps;

    /// <summary>Creates the optimiser of <paramref name="field"/> over <paramref name="parameters"/>.</summary>
    /// <param name="field">The face or mouth field.</param>
    /// <param name="parameters">The field's parameters (<see cref="IMotionField.ParameterCount"/>), trained in place.</param>
    /// <param name="switchStep">S of the schedule, in iterations of the stage.</param>
    /// <param name="decaySteps">B of the schedule.</param>
    public MotionFieldOptimizer(IMotionField field, float[] parameters, int switchStep, int decaySteps)
    {
        if (parameters.Length != field.ParameterCount)
            throw new ArgumentException($"The motion field has {field.ParameterCount} parameters; got {parameters.Length}.", nameof(parameters));
        Field = field;
        Parameters = parameters;
        Gradients = new float[parameters.Length];
        AdamW = AdamOptimizer.ForMotionFields(field.ParameterGroups(Parameters, Gradients));
        _switchStep = Math.Max(1, switchStep);
        _decaySteps = Math.Max(1, decaySteps);
    }

    /// <summary>The field.</summary>
    public IMotionField Field { get; }

    /// <summary>Its parameters.</summary>
    public float[] Parameters { get; }

    /// <summary>∂L/∂parameters of the current iteration.</summary>
    public float[] Gradients { get; }

    /// <summary>AdamW over the field's groups.</summary>
    public AdamOptimizer AdamW { get; }

    /// <summary>The learning-rate factor at <paramref name="iteration"/>.</summary>
    public float Factor(int iteration) => LearningRateSchedules.MotionFactor(iteration, _switchStep, _decaySteps);

    /// <summary>Zeroes the gradients.</summary>
    public void ZeroGradients() => Array.Clear(Gradients);

    /// <summary>Freezes or unfreezes every group.</summary>
    public void SetTrainable(bool trainable)
    {
        foreach (var g in AdamW.Groups) g.Trainable = trainable;
    }

    /// <summary>One AdamW step with the rates of <paramref name="iteration"/>.</summary>
    public void Step(int iteration)
    {
        LearningRateSchedules.ApplyFactor(AdamW, Factor(iteration));
        AdamW.Step();
    }
}
