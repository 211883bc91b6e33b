using TalkingGaussian.Data.Npy;

namespace TalkingGaussian.Data;

/// <summary>
/// Audio features as the loader holds them: float32 [N, C, T] (the file's [N, T, C] permuted (0, 2, 1), §1.3).
/// Row k belongs to video frame k.
/// </summary>
public sealed class AudioFeatureArray
{
    /// <summary>Wraps [rows, channels, steps] values.</summary>
    public AudioFeatureArray(float[] values, int rows, int channels, int steps)
    {
        if (values.Length != rows * channels * steps) throw new ArgumentException($"[{rows}, {channels}, {steps}] needs {rows * channels * steps} values; got {values.Length}.");
        Values = values;
        Rows = rows;
        Channels = channels;
        Steps = steps;
    }

    /// <summary>[N, C, T] row-major.</summary>
    public float[] Values { get; }

    /// <summary>N: rows (one per video frame).</summary>
    public int Rows { get; }

    /// <summary>C: feature channels (29 for DeepSpeech layout).</summary>
    public int Channels { get; }

    /// <summary>T: time steps per row (16, or 2 for HuBERT).</summary>
    public int Steps { get; }

    /// <summary>Reads an aud_*.npy file of shape [N, T, C] (any supported float type) and permutes it to [N, C, T].</summary>
    public static AudioFeatureArray Read(string path)
    {
        var npy = NpyReader.Read(path);
        if (npy.Shape.Length != 3)
            throw new InvalidDataException($"{path}: audio features must be 3-D [frames, window, channels]; got shape ({string.Join(", ", npy.Shape)}). Re-run the audio feature extractor.");
        return FromFileLayout(npy.ToFloat32(), npy.Shape[0], npy.Shape[1], npy.Shape[2]);
    }

    /// <summary>Permutes file-layout [N, T, C] values to [N, C, T].</summary>
    public static AudioFeatureArray FromFileLayout(float[] ntc, int rows, int steps, int channels)
    {
        var nct = new float[ntc.Length];
        for (int n = 0; n < rows; n++)
            for (int t = 0; t < steps; t++)
                for (int c = 0; c < channels; c++)
                    nct[(n * channels + c) * steps + t] = ntc[(n * steps + t) * channels + c];
        return new AudioFeatureArray(nct, rows, channels, steps);
    }

    /// <summary>
    /// The 8-row window of frame <paramref name="i"/>: rows [i−4, i+4) (not centred), zero-padded where out of range
    /// (§2.4). Returns [8, C, T].
    /// </summary>
    public float[] Window(int i)
    {
        var w = new float[WindowLength];
        Window(i, w);
        return w;
    }

    /// <summary>Writes the window of frame <paramref name="i"/> (see <see cref="Window(int)"/>) into <paramref name="into"/> [8, C, T].</summary>
    public void Window(int i, Span<float> into)
    {
        int rowSize = Channels * Steps;
        if (into.Length != WindowLength)
            throw new ArgumentException($"An audio window holds {WindowLength} floats ({WindowRows}×{Channels}×{Steps}); got a span of {into.Length}.", nameof(into));
        for (int k = 0; k < WindowRows; k++)
        {
            int row = i - WindowRows / 2 + k;
            var part = into.Slice(k * rowSize, rowSize);
            if (row < 0 || row >= Rows) part.Clear();
            else Values.AsSpan(row * rowSize, rowSize).CopyTo(part);
        }
    }

    /// <summary>Floats in one window: [8, C, T].</summary>
    public int WindowLength => WindowRows * Channels * Steps;

    /// <summary>Rows in one audio window (the attention sequence length).</summary>
    public const int WindowRows = 8;
}
