using TalkingGaussian.Rendering;

namespace TalkingGaussian.Data;

/// <summary>
/// Everything about one frame that is small enough to keep for the whole dataset (shared/reference/original-code.md §2):
/// camera, landmarks and the scalars derived from them and from au.csv. Images are decoded on demand
/// (<see cref="FrameImages"/> through <see cref="FrameCache"/>).
/// </summary>
public sealed record TalkingFrame
{
    /// <summary>The split the frame belongs to.</summary>
    public required DatasetSplit Split { get; init; }

    /// <summary>Index within its split (json order); with custom audio the original uses this as the audio row.</summary>
    public required int Index { get; init; }

    /// <summary><c>img_id</c>: names the per-frame files and indexes au.csv rows and audio rows.</summary>
    public required int ImgId { get; init; }

    /// <summary>The camera converted from <c>transform_matrix</c> (§1.2, <see cref="Camera.FromTransformMatrix"/>).</summary>
    public required Camera Camera { get; init; }

    /// <summary>The raw camera-to-world matrix from the json (OpenGL axes).</summary>
    public required double[,] TransformMatrix { get; init; }

    /// <summary>68 landmarks from <c>ori_imgs/&lt;id&gt;.lms</c>.</summary>
    public required FaceLandmarks Landmarks { get; init; }

    /// <summary>The square lips crop.</summary>
    public required LipsRectangle Lips { get; init; }

    /// <summary>Inner-lip opening in pixels.</summary>
    public required int MouthOpening { get; init; }

    /// <summary>blink = clip(AU45, 0, 2)/2.</summary>
    public required float Blink { get; init; }

    /// <summary>[a_i, p25, p50, p75, max] of clipped AU25.</summary>
    public required float[] Au25 { get; init; }

    /// <summary>6-value expression vector [AU01, AU04, AU05, AU06, AU07, AU45∈[0,2]].</summary>
    public required float[] Expression { get; init; }
}
