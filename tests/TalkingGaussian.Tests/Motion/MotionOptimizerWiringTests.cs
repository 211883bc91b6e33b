using TalkingGaussian.Motion;
using TalkingGaussian.Training;

namespace TalkingGaussian.Tests.Motion;

public class MotionOptimizerWiringTests
{
    [Fact]
    public void FaceGroupsCarryTheReleasedRatesAndDecays()
    {
        var field = new FaceMotionField();
        var values = new float[field.ParameterCount + 10];
        var grads = new float[values.Length];
        var groups = field.ParameterGroups(values, grads, offset: 10).ToDictionary(g => g.Name);
        (float Lr, float Wd) Of(string name) => (groups[name].LearningRate, groups[name].WeightDecay);
        Assert.Equal((5e-4f, 0f), Of("audio_net"));
        Assert.Equal((5e-3f, 0.01f), Of("encoder_xy"));
        Assert.Equal((5e-3f, 0.01f), Of("encoder_yz"));
        Assert.Equal((5e-3f, 0.01f), Of("encoder_xz"));
        Assert.Equal((5e-4f, 0f), Of("sigma_net"));
        Assert.Equal((2.5e-3f, 1e-4f), Of("audio_att_net"));
        Assert.Equal((5e-4f, 0f), Of("aud_ch_att_net"));
        Assert.Equal((5e-4f, 0f), Of("eye_att_net"));
        Assert.Equal((5e-4f, 0f), Of("exp_encode_net"));
        Assert.Equal(10 + field.Layout["sigma_net"].Offset, groups["sigma_net"].Offset);
        Assert.Equal(field.ParameterCount, groups.Values.Sum(g => g.Length));
        Assert.Throws<ArgumentException>(() => field.ParameterGroups(new float[5], new float[5]));
    }

    [Fact]
    public void OneAdamWStepMovesEachSliceByItsOwnRateAndDecay()
    {
        var field = new MouthMotionField(MotionTestFields.SmallMouth);
        var values = new float[field.ParameterCount];
        field.Initialize(values, 3);
        var before = (float[])values.Clone();
        var grads = new float[values.Length];
        for (int i = 0; i < grads.Length; i++) grads[i] = i % 3 == 0 ? 0.5f : -2f;
        var optimizer = AdamOptimizer.ForMotionFields(field.ParameterGroups(values, grads));
        optimizer.Step();
        // First AdamW step (β = (0.9, 0.99), ε = 1e-8): m̂ = g, v̂ = g² ⇒ p ← p(1 − lr·wd) − lr·g/(|g| + ε) ≈ p(1 − lr·wd) − lr·sign(g).
        foreach (var slice in field.Layout.Slices)
            foreach (int i in new[] { slice.Offset, slice.Offset + slice.Length - 1 })
            {
                double expected = before[i] * (1 - (double)slice.LearningRate * slice.WeightDecay)
                                  - slice.LearningRate * grads[i] / (Math.Abs(grads[i]) + 1e-8);
                Assert.Equal(expected, values[i], 1e-6);
            }
        int grid = field.GridOffset;
        Assert.Equal(before[grid] * (1 - 5e-3 * 0.01) - 5e-3 * Math.Sign(grads[grid]), values[grid], 1e-6); // grid: lr 5e-3, AdamW default decay 0.01
    }

    [Fact]
    public void MotionScheduleScalesEveryGroupFromItsBaseRate()
    {
        var field = new FaceMotionField();
        var values = new float[field.ParameterCount];
        var optimizer = AdamOptimizer.ForMotionFields(field.ParameterGroups(values, new float[values.Length]));
        LearningRateSchedules.ApplyFactor(optimizer, LearningRateSchedules.MotionFactor(20000, 40000, 50000));
        Assert.Equal(5e-3f * MathF.Sqrt(0.5f), optimizer["encoder_xy"].LearningRate, 1e-8f);
        Assert.Equal(2.5e-3f * MathF.Sqrt(0.5f), optimizer["audio_att_net"].LearningRate, 1e-8f);
    }
}
