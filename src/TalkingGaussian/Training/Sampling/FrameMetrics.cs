using TalkingGaussian.Data;

namespace TalkingGaussian.Training.Sampling;

/// <summary>
/// Reads <see cref="FrameMetric"/> values of frames. Landmark and AU metrics are fields of <see cref="TalkingFrame"/>;
/// the inside-mouth pixel count needs the frame's decoded mask, so it is asked of <paramref name="mouthPixels"/> once per
/// frame and remembered.
/// </summary>
/// <param name="mouthPixels">Counts a frame's inside-mouth pixels (e.g. through the dataset's frame cache); null when no window reads them.</param>
public sealed class FrameMetrics(Func<TalkingFrame, int>? mouthPixels = null)
{
    private readonly Dictionary<int, int> _mouthPixels = new();

    /// <summary>The value of <paramref name="metric"/> for <paramref name="frame"/>.</summary>
    public double Of(TalkingFrame frame, FrameMetric metric) => metric switch
    {
        FrameMetric.MouthOpening => frame.MouthOpening,
        FrameMetric.Blink => frame.Blink,
        FrameMetric.Au25 => frame.Au25[0],
        FrameMetric.MouthPixels => MouthPixels(frame),
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown frame metric."),
    };

    private int MouthPixels(TalkingFrame frame)
    {
        if (_mouthPixels.TryGetValue(frame.ImgId, out int count)) return count;
        if (mouthPixels is null)
            throw new InvalidOperationException("A sampling window reads inside-mouth pixels, but no mask counter was given to FrameMetrics.");
        count = mouthPixels(frame);
        _mouthPixels[frame.ImgId] = count;
        return count;
    }
}
