using TalkingGaussian.Data;
using TalkingGaussian.Data.Audio;
using TalkingGaussian.Data.Npy;

namespace TalkingGaussian.Tests.Data;

/// <summary>WAV IO, resampling, and the log-mel features framed as DeepSpeech windows (original-code.md §9.1 step 6).</summary>
public class SpeechFeatureTests : DataTempTest
{
    [Theory]
    [InlineData(50, 25)]   // 1 s: L − 1 = 49 rows → ⌈49/2⌉
    [InlineData(51, 25)]
    [InlineData(52, 26)]
    [InlineData(2, 1)]
    [InlineData(1, 0)]
    public void WindowCountIsCeilOfLMinusOneOverTwo(int rows, int windows) =>
        Assert.Equal(windows, SpeechFeatureWindows.Count(rows));

    [Fact]
    public void WindowKHoldsRows2kMinus8To2kPlus8WithTheLastRowDropped()
    {
        int rows = 21, channels = 1;
        var data = Enumerable.Range(1, rows).Select(i => (float)i).ToArray(); // row r holds r + 1
        var w = SpeechFeatureWindows.Frame(data, rows, channels);
        int n = SpeechFeatureWindows.Count(rows);
        Assert.Equal(10, n);
        Assert.Equal(n * 16, w.Length);
        for (int k = 0; k < n; k++)
            for (int t = 0; t < 16; t++)
            {
                int src = 2 * k + t - 8;
                double expected = src >= 0 && src < rows - 1 ? src + 1 : 0; // rows 0 … L−2 kept
                Assert.Equal(expected, w[k * 16 + t]);
            }
    }

    [Fact]
    public void ExtractGives25WindowsPerSecondOf29BandsAsFloat64()
    {
        var clip = SpeechSource.Synthetic(2.0, seed: 3);
        var npy = SpeechFeatureWindows.Extract(clip);
        Assert.Equal(NpyDType.Float64, npy.DType);
        Assert.Equal([50, 16, 29], npy.Shape); // L = round(2.0·50) = 100 rows → ⌈99/2⌉ = 50 windows
    }

    [Fact]
    public void LogMelRespondsToTheBandThatHoldsTheEnergy()
    {
        int rate = AudioClip.SpeechRate;
        var low = new float[rate];
        var high = new float[rate];
        for (int i = 0; i < rate; i++)
        {
            low[i] = 0.5f * MathF.Sin(2 * MathF.PI * 300 * i / rate);
            high[i] = 0.5f * MathF.Sin(2 * MathF.PI * 4000 * i / rate);
        }
        var a = LogMelSpectrogram.Compute(new AudioClip(low, rate), out int rows);
        var b = LogMelSpectrogram.Compute(new AudioClip(high, rate), out _);
        Assert.Equal(50, rows);
        int row = 25;
        int ArgMax(float[] m) => Enumerable.Range(0, LogMelSpectrogram.Bands).MaxBy(c => m[row * LogMelSpectrogram.Bands + c]);
        Assert.True(ArgMax(a) < 8, $"300 Hz peaked in band {ArgMax(a)}");
        Assert.True(ArgMax(b) > 18, $"4 kHz peaked in band {ArgMax(b)}");
    }

    [Fact]
    public void WavRoundTripsAndResamplingKeepsPitch()
    {
        int rate = 22050;
        var tone = new float[rate];
        for (int i = 0; i < rate; i++) tone[i] = 0.5f * MathF.Sin(2 * MathF.PI * 440 * i / rate);
        var dir = TempFolder();
        var path = Path.Combine(dir, "tone.wav");
        WavFile.Write(path, new AudioClip(tone, rate));
        var back = WavFile.Read(path);
        Assert.Equal(rate, back.SampleRate);
        Assert.Equal(tone.Length, back.Samples.Length);
        Assert.True(tone.Zip(back.Samples).Max(p => MathF.Abs(p.First - p.Second)) < 1e-4f);
        var at16 = back.At16k();
        Assert.Equal(16000, at16.Samples.Length);
        // 440 Hz: count rising zero crossings in the middle second-half (edges have filter transients).
        int crossings = 0;
        for (int i = 4000; i < 12000; i++) if (at16.Samples[i - 1] < 0 && at16.Samples[i] >= 0) crossings++;
        Assert.InRange(crossings, 219, 221); // 0.5 s × 440 Hz
        float peak = at16.Samples[4000..12000].Max();
        Assert.InRange(peak, 0.48f, 0.52f);
    }

    [Fact]
    public void WavReaderAcceptsStereoFloat()
    {
        // 2 frames of stereo float32: (0.5, −0.5) and (1, 0).
        var data = new byte[16];
        BitConverter.GetBytes(0.5f).CopyTo(data, 0);
        BitConverter.GetBytes(-0.5f).CopyTo(data, 4);
        BitConverter.GetBytes(1f).CopyTo(data, 8);
        BitConverter.GetBytes(0f).CopyTo(data, 12);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.ASCII, leaveOpen: true))
        {
            w.Write("RIFF"u8); w.Write(36 + data.Length); w.Write("WAVE"u8);
            w.Write("fmt "u8); w.Write(16); w.Write((short)3); w.Write((short)2); w.Write(8000); w.Write(8000 * 8); w.Write((short)8); w.Write((short)32);
            w.Write("data"u8); w.Write(data.Length); w.Write(data);
        }
        var dir = TempFolder();
        var path = Path.Combine(dir, "f.wav");
        File.WriteAllBytes(path, ms.ToArray());
        var clip = WavFile.Read(path);
        Assert.Equal(8000, clip.SampleRate);
        Assert.Equal([0f, 0.5f], clip.Samples);
    }

    [Fact]
    public void EnvelopeFollowsLoudness()
    {
        int rate = AudioClip.SpeechRate;
        var s = new float[rate * 2];
        for (int i = rate; i < 2 * rate; i++) s[i] = 0.5f * MathF.Sin(2 * MathF.PI * 200 * i / rate);
        var env = SpeechEnvelope.Compute(new AudioClip(s, rate), 50);
        Assert.Equal(0f, env[10]);
        Assert.Equal(1f, env[40], 1e-3f);
    }

    [Fact]
    public void AudioFeatureFileIsReadBackThroughTheLoaderPath()
    {
        var dir = TempFolder();
        var path = Path.Combine(dir, AudioExtractors.FileName(AudioExtractor.DeepSpeech));
        var npy = SpeechFeatureWindows.Extract(SpeechSource.Synthetic(1.0, seed: 5));
        NpyWriter.Write(path, npy);
        var a = AudioFeatureArray.Read(path);
        Assert.Equal(npy.Shape[0], a.Rows);
        Assert.Equal(29, a.Channels);
        Assert.Equal(16, a.Steps);
        var raw = npy.ToFloat32();
        // [N, T, C] on disk → [N, C, T] loaded.
        Assert.Equal(raw[(3 * 16 + 5) * 29 + 7], a.Values[(3 * 29 + 7) * 16 + 5]);
    }
}
