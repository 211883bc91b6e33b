namespace TalkingGaussian.Data.Audio;

/// <summary>Mono audio: samples in [−1, 1] at <see cref="SampleRate"/> Hz.</summary>
public sealed record AudioClip(float[] Samples, int SampleRate)
{
    /// <summary>The sample rate every feature of the project assumes (16 kHz, as the original's preprocessing).</summary>
    public const int SpeechRate = 16000;

    /// <summary>Duration in seconds.</summary>
    public double Duration => Samples.Length / (double)SampleRate;

    /// <summary>This clip at 16 kHz (itself when it already is).</summary>
    public AudioClip At16k() => SampleRate == SpeechRate ? this : new AudioClip(Resampler.Resample(Samples, SampleRate, SpeechRate), SpeechRate);
}
