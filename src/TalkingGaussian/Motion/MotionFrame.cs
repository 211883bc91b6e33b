namespace TalkingGaussian.Motion;

/// <summary>The per-frame condition of a motion field: the audio window [8, C, T] and the upper-face expression e (6 AUs; empty for the mouth).</summary>
/// <param name="AudioWindow">[SequenceLength, C, T] audio features around the frame (original-code.md §2.4).</param>
/// <param name="Expression">e = (AU01, AU04, AU05, AU06, AU07, AU45 clipped to [0, 2]).</param>
public sealed record MotionCondition(float[] AudioWindow, float[] Expression);

/// <summary>
/// The per-frame part of a motion field's forward pass (shared by every Gaussian): the attended audio feature a
/// (AudioNet + AudioAttNet) and, for the face, the encoded expression (MLP on e[0:5], e[5] concatenated); plus what the
/// backward pass needs. Computed in plain C# (a few kFLOPs per frame).
/// </summary>
public sealed class MotionFrame
{
    internal MotionFrame(AudioSettings audio, int expressionDimension, int expressionActivations)
    {
        AudioWindow = new float[audio.WindowLength];
        Audio = new float[audio.AudioDimension];
        Expression = new float[expressionDimension];
        ExpressionInput = new float[expressionDimension];
        ExpressionSaved = new float[expressionActivations];
        PerFrameAudio = new float[audio.SequenceLength * audio.AudioDimension];
        PerFrameAudioGradient = new float[PerFrameAudio.Length];
        AttentionWeights = new float[audio.SequenceLength];
    }

    /// <summary>a: the attended audio feature [AudioDimension].</summary>
    public float[] Audio { get; }

    /// <summary>The encoded expression fed to the region attention [ExpressionDimension] (empty for the mouth).</summary>
    public float[] Expression { get; }

    /// <summary>AudioAttNet's softmax weights over the window [SequenceLength].</summary>
    public float[] AttentionWeights { get; }

    internal float[] AudioWindow { get; }
    internal float[] AudioSaved { get; set; } = [];
    internal float[] PerFrameAudio { get; }
    internal float[] PerFrameAudioGradient { get; }
    internal float[] AudioScratch { get; set; } = []; // the audio networks' activation gradients in the backward pass
    internal float[] AttentionSaved { get; set; } = [];
    internal float[] ExpressionInput { get; }
    internal float[] ExpressionSaved { get; }
}

/// <summary>The audio branch of one motion field (each field has its own copy): AudioNet then AudioAttNet, a = Σ_t w_t·AudioNet(window)_t.</summary>
public sealed class AudioBranch
{
    /// <summary>Builds both networks.</summary>
    public AudioBranch(AudioSettings settings)
    {
        Encoder = new AudioEncoder(settings);
        Attention = new AudioAttention(settings);
    }

    /// <summary>AudioNet.</summary>
    public AudioEncoder Encoder { get; }

    /// <summary>AudioAttNet.</summary>
    public AudioAttention Attention { get; }

    /// <summary>Computes a into <paramref name="frame"/>.</summary>
    internal void Forward(ReadOnlySpan<float> encoderParameters, ReadOnlySpan<float> attentionParameters, ReadOnlySpan<float> window, MotionFrame frame)
    {
        if (window.Length != frame.AudioWindow.Length)
            throw new ArgumentException($"The audio window has {window.Length} floats; expected {frame.AudioWindow.Length} ({Encoder.Settings.SequenceLength}×{Encoder.Settings.FeatureDimension}×{Encoder.Settings.TimeSteps}).");
        window.CopyTo(frame.AudioWindow);
        if (frame.AudioSaved.Length != Encoder.Settings.SequenceLength * Encoder.RowActivations)
            frame.AudioSaved = new float[Encoder.Settings.SequenceLength * Encoder.RowActivations];
        if (frame.AttentionSaved.Length != Attention.SavedLength) frame.AttentionSaved = new float[Attention.SavedLength];
        int scratch = Math.Max(Encoder.RowActivations, Attention.SavedLength);
        if (frame.AudioScratch.Length != scratch) frame.AudioScratch = new float[scratch];
        Encoder.Forward(encoderParameters, window, frame.AudioSaved, frame.PerFrameAudio);
        Attention.Forward(attentionParameters, frame.PerFrameAudio, frame.AttentionSaved, frame.Audio);
        Attention.Weights(frame.AttentionSaved).CopyTo(frame.AttentionWeights);
    }

    /// <summary>Back-propagates ∂L/∂a into both networks' gradients.</summary>
    internal void Backward(ReadOnlySpan<float> encoderParameters, ReadOnlySpan<float> attentionParameters, MotionFrame frame,
        ReadOnlySpan<float> audioGradient, Span<float> encoderGradient, Span<float> attentionGradient)
    {
        var perFrameGradient = frame.PerFrameAudioGradient;
        Array.Clear(perFrameGradient);
        Attention.Backward(attentionParameters, frame.PerFrameAudio, frame.AttentionSaved, audioGradient, attentionGradient, perFrameGradient,
            frame.AudioScratch);
        Encoder.Backward(encoderParameters, frame.AudioSaved, perFrameGradient, encoderGradient, frame.AudioScratch);
    }
}
