using TalkingGaussian.Rendering;

namespace TalkingGaussian.Data.Synthetic;

/// <summary>
/// The synthetic speaker's state in one frame: the known motion model the data is generated from.
/// </summary>
/// <param name="JawOpen">Mouth opening in [0, 1], driven by the speech envelope.</param>
/// <param name="EyeClosure">Eyelid closure in [0, 1] (1 = closed), from the blink schedule.</param>
/// <param name="Au01">Inner brow raiser intensity (0–5).</param>
/// <param name="Au04">Brow lowerer intensity (0–5).</param>
/// <param name="HeadMotion">The head's rigid motion in the studio (rest-head) frame: p_studio = M·p_head.</param>
public readonly record struct FaceState(float JawOpen, float EyeClosure, float Au01, float Au04, RigidTransform HeadMotion)
{
    /// <summary>The rest state: mouth closed, eyes open, neutral brows, head at rest.</summary>
    public static FaceState Rest => new(0, 0, 0, 0, RigidTransform.Identity);
}
