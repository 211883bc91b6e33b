namespace TalkingGaussian.Training;

/// <summary>
/// A named slice of parameters with its gradient slice and its own learning rate and weight decay, as a PyTorch
/// param group. Values and gradients are views (array, offset, length) so modules can share one flat buffer.
/// </summary>
public sealed class ParameterGroup
{
    /// <summary>A group over the whole of <paramref name="values"/> and <paramref name="gradients"/>.</summary>
    public ParameterGroup(string name, float[] values, float[] gradients, float learningRate, float weightDecay = 0f)
        : this(name, values, gradients, 0, values.Length, learningRate, weightDecay) { }

    /// <summary>A group over [offset, offset + length) of <paramref name="values"/> and <paramref name="gradients"/>.</summary>
    public ParameterGroup(string name, float[] values, float[] gradients, int offset, int length, float learningRate, float weightDecay = 0f)
    {
        Name = name;
        Rebind(values, gradients, offset, length);
        LearningRate = learningRate;
        BaseLearningRate = learningRate;
        WeightDecay = weightDecay;
    }

    /// <summary>Group name (e.g. "xyz", "f_dc", "encoder_xy").</summary>
    public string Name { get; }

    /// <summary>Array holding the values.</summary>
    public float[] Values { get; private set; } = [];

    /// <summary>Array holding the gradients (same offset and length as the values).</summary>
    public float[] Gradients { get; private set; } = [];

    /// <summary>First index of the slice.</summary>
    public int Offset { get; private set; }

    /// <summary>Number of parameters in the slice.</summary>
    public int Length { get; private set; }

    /// <summary>Current learning rate (schedules overwrite it).</summary>
    public float LearningRate { get; set; }

    /// <summary>The learning rate the group was created with (what multiplicative schedules scale).</summary>
    public float BaseLearningRate { get; }

    /// <summary>Decoupled (AdamW) weight decay; 0 turns AdamW into Adam.</summary>
    public float WeightDecay { get; set; }

    /// <summary>
    /// Optional per-column learning-rate multipliers, repeated every <c>ColumnScales.Length</c> parameters. The SH
    /// coefficients are stored [N, K, 3], so f_dc (lr 0.0025) and f_rest (lr 0.0025/20) share rows: one group with
    /// scales {1,1,1, 1/20, …} gives each its rate (original-code.md §3.2). Null means 1 everywhere.
    /// </summary>
    public float[]? ColumnScales
    {
        get => _columnScales;
        set
        {
            if (value is { Length: 0 }) throw new ArgumentException($"Parameter group '{Name}': ColumnScales must not be empty.");
            if (value is not null && Length % value.Length != 0)
                throw new ArgumentException($"Parameter group '{Name}': {Length} parameters are not whole rows of {value.Length} columns.");
            _columnScales = value;
        }
    }

    private float[]? _columnScales;

    /// <summary>Whether the optimizer updates this group (frozen groups keep values and moments).</summary>
    public bool Trainable { get; set; } = true;

    /// <summary>The value slice.</summary>
    public Span<float> ValueSpan => Values.AsSpan(Offset, Length);

    /// <summary>The gradient slice.</summary>
    public Span<float> GradientSpan => Gradients.AsSpan(Offset, Length);

    /// <summary>Points the group at new arrays (after the parameter count changed); the optimizer must remap its moments.</summary>
    public void Rebind(float[] values, float[] gradients, int offset, int length)
    {
        if (offset < 0 || length < 0 || offset + length > values.Length || offset + length > gradients.Length)
            throw new ArgumentException(
                $"Parameter group '{Name}': slice [{offset}, {offset + length}) does not fit values ({values.Length}) and gradients ({gradients.Length}).");
        Values = values;
        Gradients = gradients;
        Offset = offset;
        Length = length;
    }
}
