using TalkingGaussian.Data.Npy;

namespace TalkingGaussian.Data.Audio;

/// <summary>
/// Frames 50 Hz feature rows into per-video-frame windows exactly as the original's DeepSpeech step does
/// (shared/reference/original-code.md §9.1 step 6): keep rows 0 … L−2, pad 8 zero rows at each end, and take windows
/// of 16 rows with stride 2 starting at 0, 2, … while the start is below L−1. That gives ⌈(L−1)/2⌉ windows, 25 per
/// second; window k holds rows [2k−8, 2k+8), 320 ms centred on t = k/25 s.
/// </summary>
public static class SpeechFeatureWindows
{
    /// <summary>Rows per window.</summary>
    public const int WindowSize = 16;

    /// <summary>Rows between window starts.</summary>
    public const int Stride = 2;

    /// <summary>Number of windows for <paramref name="rows"/> 50 Hz rows: ⌈(L−1)/2⌉.</summary>
    public static int Count(int rows) => rows <= 1 ? 0 : (rows - 1 + Stride - 1) / Stride;

    /// <summary>Windows [N, 16, C] (file layout) of the row-major [L, C] matrix <paramref name="rows"/>.</summary>
    public static double[] Frame(float[] rowsData, int rows, int channels)
    {
        int kept = Math.Max(0, rows - 1);
        int n = Count(rows);
        var windows = new double[n * WindowSize * channels];
        for (int k = 0; k < n; k++)
            for (int t = 0; t < WindowSize; t++)
            {
                int src = Stride * k + t - WindowSize / 2;
                if (src < 0 || src >= kept) continue;
                for (int c = 0; c < channels; c++) windows[(k * WindowSize + t) * channels + c] = rowsData[src * channels + c];
            }
        return windows;
    }

    /// <summary>
    /// The synthetic speaker's audio features for <paramref name="clip"/>: log-mel rows framed as DeepSpeech windows,
    /// float64 [N, 16, 29] as the original stores aud_ds.npy.
    /// </summary>
    public static NpyArray Extract(AudioClip clip)
    {
        var rows = LogMelSpectrogram.Compute(clip, out int l);
        var windows = Frame(rows, l, LogMelSpectrogram.Bands);
        return NpyArray.FromFloat64(windows, Count(l), WindowSize, LogMelSpectrogram.Bands);
    }
}
