using TalkingGaussian.Training.Sampling;

namespace TalkingGaussian.Tests.Training.Sampling;

/// <summary>One window of Eq. 5 on its own: what it refuses when validated, and how far a metric value lies outside it.</summary>
public sealed class SamplingWindowTests
{
    private static SamplingWindow Window(double lower = 0, double upper = 1, double lowerStep = 0, double upperStep = 0,
        int interval = 1, int from = 0, int until = 10) =>
        new("lips", FrameMetric.MouthOpening, lower, upper, lowerStep, upperStep, interval, from, until);

    public static TheoryData<string, SamplingWindow> Faults => new()
    {
        // Each fault alone, so every term of every condition has to catch it by itself.
        { "NaN", Window(lower: double.NaN) },
        { "NaN", Window(upper: double.NaN) },
        { "NaN", Window(lowerStep: double.NaN) },
        { "NaN", Window(upperStep: double.NaN) },
        { "swap them", Window(lower: 6, upper: 4) },
        { "interval K", Window(interval: 0) },
        { "not a range", Window(from: -1, until: 10) },
        { "not a range", Window(from: 10, until: 5) },
        // Lower bound 0 + 0.25k meets B_upper = 1 at k = 4 and passes it at k = 5, the last iteration of [0, 6).
        { "cross", Window(lowerStep: 0.25, until: 6) },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void A_faulty_window_is_refused_with_its_name_and_the_fault(string fault, SamplingWindow window)
    {
        var message = Assert.Throws<ArgumentException>(() => window.Validated()).Message;
        Assert.Contains("'lips'", message);
        Assert.Contains(fault, message);
    }

    [Fact]
    public void Bounds_need_to_stay_ordered_only_on_the_iterations_the_window_applies_to()
    {
        // Same window as the crossing fault, one iteration shorter: the bounds meet at its last iteration k = 4 and cross
        // only at k = 5, where it no longer applies.
        var meeting = Window(lowerStep: 0.25, until: 5);
        Assert.Same(meeting, meeting.Validated());
        Assert.Equal((1.0, 1.0), meeting.At(4));
        // An empty range [From, From) is a window that never applies; the presets make one when warm-up outlasts the sweep.
        var empty = Window(from: 8, until: 8);
        Assert.Same(empty, empty.Validated());
        Assert.DoesNotContain(Enumerable.Range(0, 20), empty.AppliesAt);
    }

    [Fact]
    public void Distance_is_how_far_a_value_lies_outside_the_window_at_that_iteration()
    {
        // [0 + 0.5k, 2 + 0.5k] at k = 4 is [2, 4] (all values exact in binary).
        var sliding = Window(lower: 0, upper: 2, lowerStep: 0.5, upperStep: 0.5);
        Assert.Equal(1.5, sliding.Distance(0.5, 4));
        Assert.Equal(0, sliding.Distance(2, 4)); // the bounds belong to the window
        Assert.Equal(0, sliding.Distance(3, 4));
        Assert.Equal(0, sliding.Distance(4, 4));
        Assert.Equal(2.5, sliding.Distance(6.5, 4));
        // Open bounds (the released mouth windows use B_upper = +∞) admit the infinite value at that end too.
        var above = Window(lower: 95, upper: double.PositiveInfinity);
        Assert.Equal(0, above.Distance(double.PositiveInfinity, 0));
        Assert.Equal(1, above.Distance(94, 0));
        var below = Window(lower: double.NegativeInfinity, upper: 0);
        Assert.Equal(0, below.Distance(double.NegativeInfinity, 0));
        Assert.Equal(3, below.Distance(3, 0));
    }
}
