using System.Diagnostics;

namespace TalkingGaussian.Data.Audio;

/// <summary>
/// Where the synthetic speaker's speech comes from: a WAV the user gives, espeak-ng when it is installed, or a
/// built-in synthetic voiced signal (no external tool). The result is always 16 kHz mono.
/// </summary>
public static class SpeechSource
{
    /// <summary>Text spoken by espeak-ng by default (written for this project).</summary>
    public const string DefaultText =
        "A talking head is a small world of points. Each one has a place, a size and a colour, " +
        "and the voice moves them a little, frame by frame. Open wide for the vowels, close for the quiet pauses, " +
        "blink now and then, and keep going until the story is told.";

    /// <summary>Reads <paramref name="wavPath"/> and converts it to 16 kHz mono.</summary>
    public static AudioClip FromWav(string wavPath) => WavFile.Read(wavPath).At16k();

    /// <summary>Speech from espeak-ng (<c>espeak-ng -v en-us -s 160 -w out.wav text</c>); null when espeak-ng is not installed or fails.</summary>
    public static AudioClip? FromEspeak(string text = DefaultText)
    {
        var exe = FindOnPath("espeak-ng");
        if (exe is null) return null;
        var temp = Path.Combine(Path.GetTempPath(), $"tg-espeak-{Environment.ProcessId}-{Guid.NewGuid():N}.wav");
        try
        {
            var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-v", "en-us", "-s", "160", "-w", temp, text }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi);
            if (p is null) return null;
            p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            if (!p.WaitForExit(60_000) || p.ExitCode != 0 || !File.Exists(temp)) return null;
            return WavFile.Read(temp).At16k();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidDataException)
        {
            return null;
        }
        finally
        {
            try { File.Delete(temp); } catch (IOException) { }
        }
    }

    /// <summary>
    /// A built-in voiced signal: syllables of 120–320 ms on a 100–140 Hz glottal pulse shaped by two vowel formants,
    /// separated by short gaps and a longer pause every few syllables. Deterministic for <paramref name="seed"/>.
    /// </summary>
    public static AudioClip Synthetic(double seconds, int seed)
    {
        var rng = new Random(seed);
        int rate = AudioClip.SpeechRate;
        var samples = new float[(int)(seconds * rate)];
        (double F1, double F2)[] vowels = [(730, 1090), (270, 2290), (300, 870), (530, 1840), (640, 1190), (490, 1350)];
        int pos = (int)(0.3 * rate);
        int syllable = 0;
        while (pos < samples.Length)
        {
            int len = (int)((0.12 + 0.2 * rng.NextDouble()) * rate);
            var (f1, f2) = vowels[rng.Next(vowels.Length)];
            double pitch = 100 + 40 * rng.NextDouble();
            double loud = 0.5 + 0.5 * rng.NextDouble();
            for (int i = 0; i < len && pos + i < samples.Length; i++)
            {
                double t = i / (double)rate;
                double env = Math.Sin(Math.PI * i / len);
                double v = 0;
                for (int h = 1; h * pitch < 4000; h++)
                {
                    double f = h * pitch;
                    double g = Resonance(f, f1, 90) + 0.6 * Resonance(f, f2, 120) + 0.05;
                    v += g / h * Math.Sin(2 * Math.PI * f * t);
                }
                samples[pos + i] = (float)(0.25 * loud * env * v);
            }
            pos += len + (int)((0.04 + 0.1 * rng.NextDouble()) * rate);
            if (++syllable % (3 + rng.Next(4)) == 0) pos += (int)((0.2 + 0.3 * rng.NextDouble()) * rate);
        }
        float peak = samples.Length == 0 ? 0 : samples.Max(MathF.Abs);
        if (peak > 0) for (int i = 0; i < samples.Length; i++) samples[i] *= 0.8f / peak;
        return new AudioClip(samples, rate);
    }

    private static double Resonance(double f, double centre, double bandwidth) =>
        1 / (1 + Math.Pow((f - centre) / bandwidth, 2));

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var p = Path.Combine(dir, name);
            if (File.Exists(p)) return p;
        }
        return null;
    }
}
