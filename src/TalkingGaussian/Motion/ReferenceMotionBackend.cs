namespace TalkingGaussian.Motion;

/// <summary>
/// The scalar references of <see cref="FaceMotionField"/> and <see cref="MouthMotionField"/> behind
/// <see cref="IMotionFieldBackend"/>: slow and readable, what every fast backend is tested and timed against.
/// The backward pass recomputes the forward pass per Gaussian from the means kept by <see cref="Forward"/>.
/// </summary>
public sealed class ReferenceMotionBackend : IMotionFieldBackend
{
    private readonly FaceMotionField? _face;
    private readonly MouthMotionField? _mouth;
    private float[] _means = [];
    private int _count = -1;

    /// <summary>The face field's reference.</summary>
    public ReferenceMotionBackend(FaceMotionField face) => _face = face;

    /// <summary>The mouth field's reference.</summary>
    public ReferenceMotionBackend(MouthMotionField mouth) => _mouth = mouth;

    /// <inheritdoc />
    public int Stride => _face is not null ? MotionDeltas.FaceStride : MotionDeltas.MouthStride;

    /// <inheritdoc />
    public void Forward(ReadOnlySpan<float> parameters, MotionFrame frame, ReadOnlySpan<float> means, MotionDeltas output, bool saveContext = true)
    {
        if (_face is not null) _face.ForwardReference(parameters, frame, means, output);
        else _mouth!.ForwardReference(parameters, frame, means, output);
        if (!saveContext) { _count = -1; return; }
        if (_means.Length < means.Length) _means = new float[means.Length];
        means.CopyTo(_means);
        _count = means.Length / 3;
    }

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<float> parameters, MotionFrame frame, MotionDeltas outputGradient, Span<float> gradient, Span<float> meanGradient)
    {
        if (_count < 0) throw new InvalidOperationException("Backward needs a Forward with saveContext: true first.");
        var means = _means.AsSpan(0, 3 * _count);
        if (_face is not null) _face.BackwardReference(parameters, frame, means, outputGradient, gradient, meanGradient);
        else _mouth!.BackwardReference(parameters, frame, means, outputGradient, gradient, meanGradient);
    }

    /// <inheritdoc />
    public void Dispose() { }
}
