namespace TalkingGaussian.Data;

/// <summary>
/// Which audio feature file a dataset is read with (the original's <c>--audio_extractor</c>). The synthetic speaker
/// writes log-mel features in the DeepSpeech layout as <c>aud_ds.npy</c>.
/// </summary>
public enum AudioExtractor
{
    /// <summary><c>aud_ds.npy</c>, [N, 16, 29] float64 on disk.</summary>
    DeepSpeech,

    /// <summary><c>aud_eo.npy</c>, [N, 16, 44] float32 (wav2vec2 Esperanto).</summary>
    Esperanto,

    /// <summary><c>aud_hu.npy</c>, [N, 2, 1024] float32 (HuBERT).</summary>
    Hubert,
}

/// <summary>File names and expected shapes of <see cref="AudioExtractor"/>.</summary>
public static class AudioExtractors
{
    /// <summary>The feature file name the loader opens.</summary>
    public static string FileName(AudioExtractor e) => e switch
    {
        AudioExtractor.DeepSpeech => "aud_ds.npy",
        AudioExtractor.Esperanto => "aud_eo.npy",
        _ => "aud_hu.npy",
    };

    /// <summary>Channels C after the loader's permute to [N, C, T] (the motion net's audio_in_dim).</summary>
    public static int Channels(AudioExtractor e) => e switch
    {
        AudioExtractor.DeepSpeech => 29,
        AudioExtractor.Esperanto => 44,
        _ => 1024,
    };

    /// <summary>Time steps T per row after the permute (16, 16, 2).</summary>
    public static int Steps(AudioExtractor e) => e == AudioExtractor.Hubert ? 2 : 16;

    /// <summary>Parses the original's names (deepspeech, esperanto, hubert) and the short ones (ds, eo, hu).</summary>
    public static AudioExtractor Parse(string name) => name.ToLowerInvariant() switch
    {
        "deepspeech" or "ds" => AudioExtractor.DeepSpeech,
        "esperanto" or "eo" => AudioExtractor.Esperanto,
        "hubert" or "hu" => AudioExtractor.Hubert,
        _ => throw new ArgumentException($"Unknown audio extractor '{name}': use deepspeech, esperanto or hubert (there is no 'ave' in TalkingGaussian)."),
    };
}
