using TalkingGaussian.Training;

namespace TalkingGaussian.Motion;

/// <summary>
/// What the face field (Eq. 6) and the mouth field (Eq. 7) have in common for training and rendering: a flat parameter
/// buffer described by <see cref="Layout"/>, its AdamW groups, and the per-frame part (the audio branch, and for the face
/// the expression) computed once per frame. The per-Gaussian part runs in an <see cref="IMotionFieldBackend"/>
/// (<see cref="MotionBackends.Create"/>).
/// </summary>
public interface IMotionField
{
    /// <summary>Row width of the deltas: <see cref="MotionDeltas.FaceStride"/> or <see cref="MotionDeltas.MouthStride"/>.</summary>
    int Stride { get; }

    /// <summary>Named slices of the flat parameter buffer, with their released learning rates and weight decays.</summary>
    MotionParameterLayout Layout { get; }

    /// <summary>Parameters of the whole field.</summary>
    int ParameterCount { get; }

    /// <summary>AudioNet + AudioAttNet of this field (each field has its own copy).</summary>
    AudioBranch Audio { get; }

    /// <summary>PyTorch-default initialisation, reproducible from <paramref name="seed"/>.</summary>
    void Initialize(Span<float> parameters, int seed);

    /// <summary>AdamW groups over the field's slice of <paramref name="values"/>/<paramref name="gradients"/>.</summary>
    IReadOnlyList<ParameterGroup> ParameterGroups(float[] values, float[] gradients, int offset = 0);

    /// <summary>A reusable per-frame buffer.</summary>
    MotionFrame CreateFrame();

    /// <summary>The per-frame part of the forward pass for <paramref name="condition"/>.</summary>
    void EncodeFrame(ReadOnlySpan<float> parameters, MotionCondition condition, MotionFrame frame);
}
