using TalkingGaussian.Media;

namespace TalkingGaussian.Data.Synthetic;

/// <summary>One rendered synthetic frame: the image over the background plate and the per-pixel class (-1 = background).</summary>
public sealed record SyntheticFrame(PlanarImage Image, sbyte[] Classes);
