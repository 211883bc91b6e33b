using System.Numerics;

namespace TalkingGaussian.Data.Synthetic;

/// <summary>
/// The synthetic motion model applied to one point of the head (a Gaussian mean or a landmark anchor) in the head frame.
/// Gap g = MaxGap·JawOpen: the jaw group moves down by w·(1 − UpperShare)·g, the upper lip up by w·UpperShare·g;
/// a lid slides from above the eye to its centre line as the eye closes (its height grows to cover the eye);
/// brows rise 1.5 mm per AU01 unit/5 and fall 1.2 mm per AU04 unit/5.
/// </summary>
public static class FaceDeformation
{
    /// <summary>Lid offset above the eye centre when open, and when closed.</summary>
    public const float LidOpenOffset = 0.0062f, LidClosedOffset = 0.0004f;

    /// <summary>Lid half-height (y scale) when open and closed.</summary>
    public const float LidOpenScale = 0.0016f, LidClosedScale = 0.0062f;

    /// <summary>The deformed position of <paramref name="p"/> (rest position) in <paramref name="group"/> with <paramref name="weight"/>.</summary>
    public static Vector3 Position(Vector3 p, MotionGroup group, float weight, FaceState s)
    {
        float gap = HeadGeometry.MaxGap * s.JawOpen;
        switch (group)
        {
            case MotionGroup.Jaw:
                return p with { Y = p.Y - weight * (1 - HeadGeometry.UpperShare) * gap };
            case MotionGroup.UpperLip:
                return p with { Y = p.Y + weight * HeadGeometry.UpperShare * gap };
            case MotionGroup.Lid:
                // Rest position sits at the open offset; weight is the lid's share of the eye width profile.
                float drop = (LidOpenOffset - LidClosedOffset) * s.EyeClosure * weight;
                return p with { Y = p.Y - drop };
            case MotionGroup.Brow:
                return p with { Y = p.Y + 0.0015f * s.Au01 / 5f * weight - 0.0012f * s.Au04 / 5f * weight };
            default:
                return p;
        }
    }

    /// <summary>Lid y-scale at a closure in [0, 1].</summary>
    public static float LidScaleY(float closure) => LidOpenScale + (LidClosedScale - LidOpenScale) * closure;
}
