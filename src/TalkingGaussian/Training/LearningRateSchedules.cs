namespace TalkingGaussian.Training;

/// <summary>The learning-rate schedules of the released training scripts (original-code.md §3.2, §4.6).</summary>
public static class LearningRateSchedules
{
    /// <summary>
    /// Log-linear decay from <paramref name="initial"/> to <paramref name="final"/> over <paramref name="maxSteps"/>,
    /// constant afterwards: exp((1−u)·ln a + u·ln b), u = clip(t / maxSteps, 0, 1). The position schedule of 3DGS
    /// (1.6e-4·E → 1.6e-6·E over 45000 steps, E the scene extent).
    /// </summary>
    public static float ExponentialDecay(int step, float initial, float final, int maxSteps)
    {
        if (initial <= 0 || final <= 0) throw new ArgumentOutOfRangeException(nameof(initial), "Learning rates must be positive for a log-linear schedule.");
        double u = Math.Clamp(step / (double)Math.Max(1, maxSteps), 0, 1);
        return (float)Math.Exp((1 - u) * Math.Log(initial) + u * Math.Log(final));
    }

    /// <summary>
    /// The motion fields' multiplicative factor: 0.5^(t/S) before <paramref name="switchStep"/> S, then 0.1^(t/B)
    /// with B = <paramref name="decaySteps"/>. It jumps at S (0.5 → ≈0.16 for the face's S = 40000, B = 50000),
    /// as the released code does.
    /// </summary>
    public static float MotionFactor(int step, int switchStep, int decaySteps) =>
        step < switchStep
            ? (float)Math.Pow(0.5, step / (double)switchStep)
            : (float)Math.Pow(0.1, step / (double)decaySteps);

    /// <summary>Sets every group's learning rate to its base rate × <paramref name="factor"/>.</summary>
    public static void ApplyFactor(AdamOptimizer optimizer, float factor)
    {
        var groups = optimizer.Groups;
        for (int i = 0; i < groups.Count; i++) groups[i].LearningRate = groups[i].BaseLearningRate * factor; // no boxed enumerator
    }
}
