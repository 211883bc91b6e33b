using TalkingGaussian.Data;

namespace TalkingGaussian.Motion;

/// <summary>The audio-branch shape for each audio feature file (original-code.md §1.3).</summary>
public static class MotionAudio
{
    /// <summary><see cref="AudioSettings"/> for features from <paramref name="extractor"/>.</summary>
    public static AudioSettings For(AudioExtractor extractor) => extractor switch
    {
        AudioExtractor.DeepSpeech => AudioSettings.DeepSpeech,
        AudioExtractor.Esperanto => AudioSettings.Wav2Vec,
        _ => AudioSettings.Hubert,
    };
}
