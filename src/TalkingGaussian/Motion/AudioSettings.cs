namespace TalkingGaussian.Motion;

/// <summary>
/// Shape of the audio condition a (paper Eq. 6–7): a window of <see cref="SequenceLength"/> frames, each
/// [<see cref="FeatureDimension"/>, <see cref="TimeSteps"/>] (original-code.md §1.3, §2.4, §4.2), encoded by AudioNet to
/// <see cref="AudioDimension"/> features per frame and fused over the window by AudioAttNet.
/// </summary>
/// <param name="FeatureDimension">C: 29 DeepSpeech, 44 wav2vec (Esperanto), 1024 HuBERT.</param>
/// <param name="TimeSteps">T of each window row: 16 DeepSpeech/wav2vec, 2 HuBERT.</param>
/// <param name="SequenceLength">Frames in the window (8).</param>
/// <param name="AudioDimension">Encoded audio width (32).</param>
/// <param name="WindowSize">AudioNet reads steps [0, WindowSize) of T (16).</param>
/// <param name="ConvChannels">AudioNet Conv1d output channels (32, 32, 64, 64).</param>
/// <param name="Hidden">Width of AudioNet's first linear layer (64).</param>
/// <param name="AttentionChannels">AudioAttNet Conv1d output channels (16, 8, 4, 2, 1).</param>
public sealed record AudioSettings(
    int FeatureDimension,
    int TimeSteps,
    int SequenceLength = 8,
    int AudioDimension = 32,
    int WindowSize = 16,
    int[]? ConvChannels = null,
    int Hidden = 64,
    int[]? AttentionChannels = null)
{
    /// <summary>DeepSpeech logits: [8, 29, 16].</summary>
    public static AudioSettings DeepSpeech => new(29, 16);

    /// <summary>wav2vec (Esperanto) logits: [8, 44, 16].</summary>
    public static AudioSettings Wav2Vec => new(44, 16);

    /// <summary>HuBERT hidden states: [8, 1024, 2].</summary>
    public static AudioSettings Hubert => new(1024, 2);

    /// <summary>AudioNet's conv channels.</summary>
    public int[] Channels => ConvChannels ?? [32, 32, 64, 64];

    /// <summary>AudioAttNet's conv channels.</summary>
    public int[] AttentionConvChannels => AttentionChannels ?? [16, 8, 4, 2, 1];

    /// <summary>Floats in one window: SequenceLength × FeatureDimension × TimeSteps.</summary>
    public int WindowLength => SequenceLength * FeatureDimension * TimeSteps;

    /// <summary>Throws on sizes the networks cannot take.</summary>
    public void Validate()
    {
        if (FeatureDimension < 1 || TimeSteps < 1 || SequenceLength < 1 || AudioDimension < 1 || WindowSize < 1 || Hidden < 1)
            throw new ArgumentOutOfRangeException(nameof(FeatureDimension), $"Invalid audio settings {this}.");
        if (Channels.Length == 0 || Array.Exists(Channels, c => c < 1) || Array.Exists(AttentionConvChannels, c => c < 1))
            throw new ArgumentException("Audio conv channel counts must be positive.");
        if (AttentionConvChannels.Length == 0 || AttentionConvChannels[^1] != 1)
            throw new ArgumentException("AudioAttNet's last conv must have 1 channel (one score per frame).");
    }
}
