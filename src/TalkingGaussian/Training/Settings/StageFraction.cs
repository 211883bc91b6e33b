namespace TalkingGaussian.Training.Settings;

/// <summary>Schedules are fractions of a stage's length; this turns one into an iteration, rounded to the nearest.</summary>
public static class StageFraction
{
    /// <summary>round(<paramref name="fraction"/> × <paramref name="iterations"/>).</summary>
    public static int Of(float fraction, int iterations) => (int)Math.Round(fraction * (double)iterations);
}
