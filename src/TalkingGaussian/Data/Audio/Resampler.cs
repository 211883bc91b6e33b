namespace TalkingGaussian.Data.Audio;

/// <summary>
/// Band-limited resampling by windowed-sinc interpolation (Blackman window, 16 zero crossings each side); when
/// down-sampling the sinc is widened so it low-passes at the new Nyquist frequency. Plain C#, no external tool.
/// </summary>
public static class Resampler
{
    private const int ZeroCrossings = 16;

    /// <summary>Resamples <paramref name="input"/> from <paramref name="fromRate"/> to <paramref name="toRate"/> Hz.</summary>
    public static float[] Resample(float[] input, int fromRate, int toRate)
    {
        if (fromRate <= 0 || toRate <= 0) throw new ArgumentOutOfRangeException(nameof(fromRate), "Sample rates must be positive.");
        if (fromRate == toRate) return (float[])input.Clone();
        double ratio = (double)toRate / fromRate;
        double cutoff = Math.Min(1.0, ratio); // relative to the input Nyquist
        int outLength = (int)Math.Round(input.Length * ratio);
        var output = new float[outLength];
        double halfWidth = ZeroCrossings / cutoff; // input samples each side
        Parallel.For(0, outLength, i =>
        {
            double centre = i / ratio;
            int first = (int)Math.Ceiling(centre - halfWidth), last = (int)Math.Floor(centre + halfWidth);
            double sum = 0;
            for (int j = Math.Max(0, first); j <= Math.Min(input.Length - 1, last); j++)
            {
                double x = j - centre;
                sum += input[j] * Kernel(x, cutoff, halfWidth);
            }
            output[i] = (float)sum;
        });
        return output;
    }

    private static double Kernel(double x, double cutoff, double halfWidth)
    {
        double t = x * cutoff;
        double sinc = Math.Abs(t) < 1e-9 ? 1 : Math.Sin(Math.PI * t) / (Math.PI * t);
        double u = (x / halfWidth + 1) / 2; // 0 … 1 across the window
        double w = 0.42 - 0.5 * Math.Cos(2 * Math.PI * u) + 0.08 * Math.Cos(4 * Math.PI * u);
        return cutoff * sinc * w;
    }
}
