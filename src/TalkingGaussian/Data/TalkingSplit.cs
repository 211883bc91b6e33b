namespace TalkingGaussian.Data;

/// <summary>The frames of one json split and the split-wide mouth bound (min and max inner-lip opening over the split).</summary>
public sealed record TalkingSplit(DatasetSplit Split, IReadOnlyList<TalkingFrame> Frames, int MouthOpeningMin, int MouthOpeningMax)
{
    /// <summary><c>mouth_bound</c> of a frame: [min over the split, max over the split, its own opening].</summary>
    public int[] MouthBound(TalkingFrame frame) => [MouthOpeningMin, MouthOpeningMax, frame.MouthOpening];
}
