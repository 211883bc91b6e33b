using TalkingGaussian.Training.Sampling;

namespace TalkingGaussian.Tests.Training.Sampling;

public sealed class IncrementalSamplerTests
{
    private static readonly SamplingWindow Opening = new("opening", FrameMetric.MouthOpening, 4, 6, 0, 0, 1, 0, 100);

    [Fact]
    public void Without_windows_each_pass_pops_a_fresh_shuffle_of_the_stack()
    {
        // The stack is refilled with 0…n−1 and shuffled by the sampler's generator when empty, then popped front to back:
        // replaying that with a second generator of the same seed gives the expected draws, pass after pass.
        var frames = SamplingFrames.Openings(0, 1, 2, 3, 4, 5, 6);
        var sampler = new IncrementalSampler(frames, [], new FrameMetrics(), new TalkingGaussian.TrainingRandom(3));
        var replay = new TalkingGaussian.TrainingRandom(3);
        var identity = Enumerable.Range(0, frames.Length).ToArray();
        for (int pass = 0; pass < 3; pass++)
        {
            var stack = identity.ToArray();
            replay.Shuffle(stack);
            Assert.NotEqual(identity, stack); // a real shuffle (seed 3), so an unshuffled stack would fail below
            var seen = Enumerable.Range(0, frames.Length).Select(i => sampler.Next(pass * frames.Length + i)).ToArray();
            Assert.All(seen, s => Assert.True(s.Uniform && !s.Fallback && s.Rejections == 0));
            Assert.Equal(stack, seen.Select(s => s.Frame.ImgId));
        }
    }

    [Fact]
    public void A_sampler_without_frames_is_refused() =>
        Assert.Contains("at least one frame", Assert.Throws<ArgumentException>(
            () => new IncrementalSampler([], [], new FrameMetrics(), new TalkingGaussian.TrainingRandom(1))).Message);

    [Fact]
    public void Upcoming_names_the_next_uniform_draw_and_is_null_when_the_next_draw_reshuffles()
    {
        var frames = SamplingFrames.Openings(0, 1, 2, 3, 4);
        var sampler = new IncrementalSampler(frames, [], new FrameMetrics(), new TalkingGaussian.TrainingRandom(6));
        Assert.Null(sampler.Upcoming); // empty stack: the first draw shuffles
        for (int it = 0; it < 3 * frames.Length; it++)
        {
            var upcoming = sampler.Upcoming;
            var drawn = sampler.Next(it).Frame;
            if (it % frames.Length == 0) Assert.Null(upcoming);
            else Assert.Same(upcoming, drawn); // peeking moves nothing: the hint is the frame drawn next
        }
    }

    [Fact]
    public void Frames_outside_the_window_are_rejected_and_the_check_is_recorded()
    {
        var frames = SamplingFrames.Openings(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        var sampler = new IncrementalSampler(frames, [Opening], new FrameMetrics(), new TalkingGaussian.TrainingRandom(1));
        int rejections = 0;
        for (int it = 0; it < 60; it++)
        {
            var s = sampler.Next(it);
            Assert.InRange(s.Frame.MouthOpening, 4, 6);
            var check = Assert.Single(s.Windows);
            Assert.Equal((4.0, 6.0), (check.Lower, check.Upper));
            Assert.Equal(s.Frame.MouthOpening, check.Value);
            Assert.False(s.Fallback);
            rejections += s.Rejections;
        }
        // 3 of 10 frames fit, so most draws reject some frames first: rejection is really happening.
        Assert.True(rejections > 30, $"only {rejections} rejections in 60 draws");
    }

    [Fact]
    public void The_window_slides_with_the_iteration_as_eq_5_says()
    {
        // m_j ∈ [B_lower + kT, B_upper + kT] with B = [0, 1], T = 0.1: at k = 50 the window is [5, 6].
        var w = new SamplingWindow("slide", FrameMetric.MouthOpening, 0, 1, 0.1, 0.1, 1, 0, 1000);
        var frames = SamplingFrames.Openings(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        var sampler = new IncrementalSampler(frames, [w], new FrameMetrics(), new TalkingGaussian.TrainingRandom(2));
        for (int i = 0; i < 20; i++) Assert.InRange(sampler.Next(50).Frame.MouthOpening, 5, 6);
        for (int i = 0; i < 20; i++) Assert.InRange(sampler.Next(80).Frame.MouthOpening, 8, 9);
    }

    [Fact]
    public void Windows_apply_only_every_K_iterations_inside_their_range()
    {
        var w = new SamplingWindow("k", FrameMetric.MouthOpening, 9, 9, 0, 0, 5, 10, 30);
        Assert.Equal([10, 15, 20, 25], Enumerable.Range(0, 40).Where(w.AppliesAt));
        var frames = SamplingFrames.Openings(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        var sampler = new IncrementalSampler(frames, [w], new FrameMetrics(), new TalkingGaussian.TrainingRandom(4));
        Assert.True(sampler.Next(11).Uniform);
        Assert.Equal(9, sampler.Next(15).Frame.MouthOpening);
    }

    [Fact]
    public void When_no_frame_fits_the_nearest_is_taken_and_marked()
    {
        var frames = SamplingFrames.Openings(0, 3, 8);
        var w = new SamplingWindow("empty", FrameMetric.MouthOpening, 5, 6, 0, 0, 1, 0, 10);
        var sampler = new IncrementalSampler(frames, [w], new FrameMetrics(), new TalkingGaussian.TrainingRandom(5));
        var s = sampler.Next(0);
        Assert.True(s.Fallback);
        Assert.Equal(3, s.Frame.MouthOpening); // distance 2 to the window, against 2 for 8: the first nearest
        // It gave up after exactly one stack's worth of draws: the fresh stack of 3 is spent, so the next draw reshuffles.
        Assert.Equal(3, s.Rejections);
        Assert.Null(sampler.Upcoming);
    }

    [Fact]
    public void Restoring_the_saved_state_continues_the_same_sequence()
    {
        var frames = SamplingFrames.Openings(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        var a = new IncrementalSampler(frames, [Opening], new FrameMetrics(), new TalkingGaussian.TrainingRandom(7));
        for (int it = 0; it < 13; it++) a.Next(it);
        var b = new IncrementalSampler(frames, [Opening], new FrameMetrics(), new TalkingGaussian.TrainingRandom(99));
        a.Order.CopyTo(b.Order, 0);
        b.Position = a.Position;
        b.Random.State = a.Random.State;
        for (int it = 13; it < 60; it++) Assert.Equal(a.Next(it).Frame.ImgId, b.Next(it).Frame.ImgId);
    }

    [Fact]
    public void The_inside_mouth_pixel_metric_is_counted_once_per_frame()
    {
        int calls = 0;
        var metrics = new FrameMetrics(f => { calls++; return f.ImgId * 10; });
        var frames = SamplingFrames.Openings(0, 0, 0, 0);
        var w = new SamplingWindow("pixels", FrameMetric.MouthPixels, 20, double.PositiveInfinity, 0, 0, 1, 0, 100);
        var sampler = new IncrementalSampler(frames, [w], metrics, new TalkingGaussian.TrainingRandom(1));
        for (int it = 0; it < 40; it++) Assert.True(sampler.Next(it).Frame.ImgId >= 2);
        Assert.Equal(4, calls);
    }
}
