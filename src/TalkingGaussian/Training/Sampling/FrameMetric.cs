namespace TalkingGaussian.Training.Sampling;

/// <summary>
/// A per-frame measure m_j of how far a facial motion is from rest, which the incremental sampler's windows read (Eq. 5).
/// The paper measures the lips by the height of the mouth from landmarks and the eyes by AU45; the released mouth branch
/// uses AU25 and a minimum inner-mouth area (original-code.md §5.1–5.2).
/// </summary>
public enum FrameMetric
{
    /// <summary>Inner-lip opening in pixels from landmarks 60–67 (<c>mouth_bound[2]</c>).</summary>
    MouthOpening,

    /// <summary>blink = clip(AU45, 0, 2)/2 ∈ [0, 1]: 0 open, 1 closed.</summary>
    Blink,

    /// <summary>AU25 (lips part) clipped at its 95th percentile over the video.</summary>
    Au25,

    /// <summary>Inside-mouth pixels in the frame's mouth mask (needs the decoded mask).</summary>
    MouthPixels,
}
