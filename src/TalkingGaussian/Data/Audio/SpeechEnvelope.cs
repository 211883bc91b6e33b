namespace TalkingGaussian.Data.Audio;

/// <summary>
/// Per-video-frame loudness of speech, the signal that drives the synthetic speaker's jaw: RMS over 40 ms centred on
/// each frame time k/25 s, divided by the 95th percentile of the clip's frame RMS, clipped to [0, 1], and smoothed
/// with a [1, 2, 1]/4 filter over neighbouring frames.
/// </summary>
public static class SpeechEnvelope
{
    /// <summary>Video frame rate the envelope is sampled at.</summary>
    public const int FramesPerSecond = 25;

    /// <summary>The envelope of <paramref name="clip"/> at <paramref name="frames"/> frame times.</summary>
    public static float[] Compute(AudioClip clip, int frames)
    {
        var s = clip.At16k().Samples;
        int rate = AudioClip.SpeechRate, half = rate / 50; // 20 ms each side
        var rms = new double[frames];
        for (int k = 0; k < frames; k++)
        {
            int centre = (int)((long)k * rate / FramesPerSecond);
            double sum = 0;
            int n = 0;
            for (int i = centre - half; i < centre + half; i++)
            {
                if (i < 0 || i >= s.Length) continue;
                sum += s[i] * (double)s[i];
                n++;
            }
            rms[k] = n == 0 ? 0 : Math.Sqrt(sum / n);
        }
        double p95 = frames == 0 ? 0 : Percentile.Of(rms, 95);
        var env = new float[frames];
        for (int k = 0; k < frames; k++)
        {
            double a = rms[Math.Max(0, k - 1)], b = rms[k], c = rms[Math.Min(frames - 1, k + 1)];
            double v = (a + 2 * b + c) / 4;
            env[k] = p95 > 1e-9 ? (float)Math.Clamp(v / p95, 0, 1) : 0f;
        }
        return env;
    }
}
