namespace TalkingGaussian.Data.Audio;

/// <summary>
/// The project's pretrained-model-free audio feature: a log-mel spectrogram at 50 Hz with 29 bands, so it fills the
/// same [N, 16, 29] layout as the original's DeepSpeech logits (see <see cref="SpeechFeatureWindows"/>).
/// <list type="number">
/// <item>16 kHz mono input (other rates are resampled), pre-emphasis y[n] = x[n] − 0.97·x[n−1].</item>
/// <item>L = round(duration·50) frames; frame j is a 25 ms (400-sample) Hann window centred on t = j/50 s
/// (zero outside the signal), zero-padded to a 512-point FFT; power spectrum |X|².</item>
/// <item>29 triangular filters evenly spaced on the HTK mel scale m = 2595·log10(1 + f/700) between 80 and 7600 Hz.</item>
/// <item>ln(energy + 1e-8), then the whole matrix is standardised by its own mean and standard deviation (as the
/// DeepSpeech front end normalises its input), so loudness does not matter.</item>
/// </list>
/// </summary>
public static class LogMelSpectrogram
{
    /// <summary>Feature rows per second (the DeepSpeech logit rate).</summary>
    public const int FrameRate = 50;

    /// <summary>Mel bands (the DeepSpeech alphabet size, so the motion net's audio_in_dim stays 29).</summary>
    public const int Bands = 29;

    /// <summary>Analysis window, samples at 16 kHz (25 ms).</summary>
    public const int WindowLength = 400;

    /// <summary>FFT size.</summary>
    public const int FftSize = 512;

    /// <summary>Lowest filter edge, Hz.</summary>
    public const double MinHz = 80;

    /// <summary>Highest filter edge, Hz.</summary>
    public const double MaxHz = 7600;

    /// <summary>Computes [L, 29] standardised log-mel rows (row-major) for <paramref name="clip"/>; L = round(duration·50).</summary>
    public static float[] Compute(AudioClip clip, out int rows)
    {
        var audio = clip.At16k().Samples;
        int hop = AudioClip.SpeechRate / FrameRate;
        rows = (int)Math.Round(audio.Length / (double)AudioClip.SpeechRate * FrameRate, MidpointRounding.ToEven);
        var emphasised = new double[audio.Length];
        for (int i = 0; i < audio.Length; i++) emphasised[i] = audio[i] - (i > 0 ? 0.97 * audio[i - 1] : 0);
        var filters = MelFilters();
        var window = new double[WindowLength];
        for (int i = 0; i < WindowLength; i++) window[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / WindowLength);
        var result = new float[rows * Bands];
        int count = rows;
        Parallel.For(0, rows, () => (new double[FftSize], new double[FftSize]), (j, _, buffers) =>
        {
            var (re, im) = buffers;
            Array.Clear(re);
            Array.Clear(im);
            int start = j * hop - WindowLength / 2;
            for (int i = 0; i < WindowLength; i++)
            {
                int s = start + i;
                if (s >= 0 && s < emphasised.Length) re[i] = emphasised[s] * window[i];
            }
            Fft.Forward(re, im);
            for (int b = 0; b < Bands; b++)
            {
                double e = 0;
                foreach (var (bin, weight) in filters[b]) e += weight * (re[bin] * re[bin] + im[bin] * im[bin]);
                result[j * Bands + b] = (float)Math.Log(e + 1e-8);
            }
            return buffers;
        }, _ => { });
        Standardise(result);
        return result;
    }

    private static void Standardise(float[] values)
    {
        if (values.Length == 0) return;
        double mean = values.Average(v => (double)v);
        double var = values.Average(v => (v - mean) * (v - mean));
        double std = Math.Sqrt(var) + 1e-8;
        for (int i = 0; i < values.Length; i++) values[i] = (float)((values[i] - mean) / std);
    }

    /// <summary>Triangular mel filters as (FFT bin, weight) lists.</summary>
    internal static (int Bin, double Weight)[][] MelFilters()
    {
        static double ToMel(double hz) => 2595 * Math.Log10(1 + hz / 700);
        static double ToHz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);
        double lo = ToMel(MinHz), hi = ToMel(MaxHz);
        var edges = new double[Bands + 2];
        for (int i = 0; i < edges.Length; i++) edges[i] = ToHz(lo + (hi - lo) * i / (Bands + 1));
        double binHz = AudioClip.SpeechRate / (double)FftSize;
        var filters = new (int, double)[Bands][];
        for (int b = 0; b < Bands; b++)
        {
            var list = new List<(int, double)>();
            for (int k = 0; k <= FftSize / 2; k++)
            {
                double f = k * binHz;
                double w = f <= edges[b + 1] ? (f - edges[b]) / (edges[b + 1] - edges[b]) : (edges[b + 2] - f) / (edges[b + 2] - edges[b + 1]);
                if (w > 0) list.Add((k, w));
            }
            filters[b] = list.ToArray();
        }
        return filters;
    }
}
