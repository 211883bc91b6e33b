namespace TalkingGaussian.Tests.Media;

/// <summary>Smooth moving test frames (H.264 keeps them within a few levels) and a tone WAV.</summary>
internal static class VideoTestFrames
{
    /// <summary>Frame <paramref name="k"/>: planar RGB gradients that shift with k.</summary>
    public static float[] Frame(int k, int width, int height)
    {
        var f = new float[3 * width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                f[i] = 0.2f + 0.6f * x / width;
                f[width * height + i] = 0.2f + 0.6f * y / height;
                f[2 * width * height + i] = 0.5f + 0.3f * MathF.Sin(0.2f * k + 0.1f * x);
            }
        return f;
    }

    /// <summary>A 16 kHz 440 Hz tone of <paramref name="seconds"/> written as WAV.</summary>
    public static string Tone(string folder, double seconds)
    {
        var samples = new float[(int)(seconds * 16000)];
        for (int i = 0; i < samples.Length; i++) samples[i] = 0.3f * MathF.Sin(2 * MathF.PI * 440 * i / 16000f);
        var path = Path.Combine(folder, $"tone-{seconds:F2}.wav");
        TalkingGaussian.Data.Audio.WavFile.Write(path, new TalkingGaussian.Data.Audio.AudioClip(samples, 16000));
        return path;
    }
}
