using TalkingGaussian.Media;

namespace TalkingGaussian.Data;

/// <summary>
/// The decoded images of one frame: ground truth RGB, the masks, and the torso-over-background plate.
/// Each instance is immutable once built; <see cref="Bytes"/> is what the cache accounts for it.
/// </summary>
public sealed record FrameImages(int ImgId, PlanarImage GroundTruth, TalkingMasks Masks, PlanarImage TorsoPlate)
{
    /// <summary>Managed bytes held by the arrays of this frame.</summary>
    public long Bytes => 4L * (GroundTruth.Pixels.Length + TorsoPlate.Pixels.Length) + Masks.Bytes;
}
