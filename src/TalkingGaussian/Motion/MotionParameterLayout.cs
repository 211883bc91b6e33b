using TalkingGaussian.Training;

namespace TalkingGaussian.Motion;

/// <summary>One named slice of a motion field's flat parameter buffer, with its optimiser settings (original-code.md §4.6).</summary>
/// <param name="Name">PyTorch module name, e.g. "encoder_xy", "sigma_net".</param>
/// <param name="Offset">First parameter, relative to the field's slice.</param>
/// <param name="Length">Parameter count.</param>
/// <param name="LearningRate">Base learning rate of the AdamW group.</param>
/// <param name="WeightDecay">Decoupled weight decay of the group.</param>
public sealed record MotionParameterSlice(string Name, int Offset, int Length, float LearningRate, float WeightDecay);

/// <summary>
/// How a motion field's modules share one flat parameter buffer (modules report counts and read views; tiny-cuda-nn style).
/// Built in order with <see cref="Add"/>; <see cref="ParameterGroups"/> exposes the slices as AdamW groups.
/// </summary>
public sealed class MotionParameterLayout
{
    private readonly List<MotionParameterSlice> _slices = [];

    /// <summary>The slices in buffer order.</summary>
    public IReadOnlyList<MotionParameterSlice> Slices => _slices;

    /// <summary>Total parameters.</summary>
    public int Count { get; private set; }

    /// <summary>Appends a slice and returns its offset.</summary>
    public int Add(string name, int length, float learningRate, float weightDecay)
    {
        _slices.Add(new MotionParameterSlice(name, Count, length, learningRate, weightDecay));
        Count += length;
        return Count - length;
    }

    /// <summary>The slice called <paramref name="name"/>.</summary>
    public MotionParameterSlice this[string name]
    {
        get
        {
            foreach (var s in _slices) // a loop, not List.Find: a lambda capturing the name would allocate per call
                if (s.Name == name) return s;
            throw new KeyNotFoundException($"No motion parameter slice '{name}'.");
        }
    }

    /// <summary>
    /// One optimiser group per slice over <paramref name="values"/>/<paramref name="gradients"/>, with the field's slice starting
    /// at <paramref name="offset"/>; use with <c>AdamOptimizer.ForMotionFields</c> (AdamW, β = (0.9, 0.99), ε = 1e-8).
    /// </summary>
    public IReadOnlyList<ParameterGroup> ParameterGroups(float[] values, float[] gradients, int offset = 0)
    {
        if (offset < 0 || offset + Count > values.Length || offset + Count > gradients.Length)
            throw new ArgumentException($"The motion field needs {Count} parameters at offset {offset}; buffers hold {values.Length} values, {gradients.Length} gradients.");
        var groups = new List<ParameterGroup>(_slices.Count);
        foreach (var s in _slices)
            groups.Add(new ParameterGroup(s.Name, values, gradients, offset + s.Offset, s.Length, s.LearningRate, s.WeightDecay));
        return groups;
    }
}
