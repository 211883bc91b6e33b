using TalkingGaussian.Training;

namespace TalkingGaussian.Tests.Training;

public class LearningRateSchedulesTests
{
    [Fact]
    public void ExponentialDecayHitsEndpointsAndGeometricMidpoint()
    {
        // Log-linear: the midpoint is the geometric mean √(a·b). float rounding of exp/log: 1e-6 relative.
        float a = 1.6e-4f, b = 1.6e-6f;
        Assert.Equal(a, LearningRateSchedules.ExponentialDecay(0, a, b, 45000), 1e-10f);
        Assert.Equal(MathF.Sqrt(a * b), LearningRateSchedules.ExponentialDecay(22500, a, b, 45000), 1e-11f);
        Assert.Equal(b, LearningRateSchedules.ExponentialDecay(45000, a, b, 45000), 1e-12f);
        Assert.Equal(b, LearningRateSchedules.ExponentialDecay(90000, a, b, 45000), 1e-12f);
    }

    [Fact]
    public void MotionFactorJumpsAtTheSwitchAsReleased()
    {
        Assert.Equal(1f, LearningRateSchedules.MotionFactor(0, 40000, 50000));
        Assert.Equal(MathF.Pow(0.5f, 39999f / 40000f), LearningRateSchedules.MotionFactor(39999, 40000, 50000), 1e-6f);
        Assert.Equal(MathF.Pow(0.1f, 0.8f), LearningRateSchedules.MotionFactor(40000, 40000, 50000), 1e-6f);
        Assert.Equal(0.1f, LearningRateSchedules.MotionFactor(50000, 40000, 50000), 1e-6f);
    }

    [Fact]
    public void ApplyFactorScalesBaseRates()
    {
        var opt = new AdamOptimizer([new ParameterGroup("a", new float[1], new float[1], 5e-3f), new ParameterGroup("b", new float[1], new float[1], 5e-4f)]);
        LearningRateSchedules.ApplyFactor(opt, 0.5f);
        LearningRateSchedules.ApplyFactor(opt, 0.25f);
        Assert.Equal(1.25e-3f, opt["a"].LearningRate, 1e-9f);
        Assert.Equal(1.25e-4f, opt["b"].LearningRate, 1e-10f);
    }
}
