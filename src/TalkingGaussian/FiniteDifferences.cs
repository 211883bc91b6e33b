namespace TalkingGaussian;

/// <summary>
/// Central finite differences of a scalar loss, the yardstick every analytic gradient in this package is checked against
/// (tests, and the gradient tables the notebooks show). The loss is summed in double from float32 outputs.
/// </summary>
public static class FiniteDifferences
{
    /// <summary>
    /// (L(x + h) − L(x − h)) / Δ for element <paramref name="index"/> of <paramref name="values"/>, restored afterwards.
    /// Δ is the step actually taken in float32, (x + h) − (x − h), not the nominal 2h.
    /// </summary>
    public static double Central(float[] values, int index, float h, Func<double> loss)
    {
        float v = values[index];
        values[index] = v + h;
        double plus = loss();
        values[index] = v - h;
        double minus = loss();
        values[index] = v;
        return (plus - minus) / ((double)(v + h) - (double)(v - h));
    }
}
