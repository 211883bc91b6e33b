using System.Numerics;

namespace TalkingGaussian.Data.Synthetic;

/// <summary>
/// The synthetic motion model applied to one point of the head (a Gaussian mean or a landmark anchor) in the head frame.
/// The lip gap at the mouth centre is g = <see cref="HeadGeometry.MaxGap"/>·JawOpen: the jaw drops by
/// D = (1 − <see cref="HeadGeometry.UpperShare"/>)·g and carries everything below the mouth line (lower lip, lower teeth,
/// tongue, chin and cheek skin) by D·w(x, y, z) (<see cref="MouthField"/>); the upper lip rises by
/// U·q(x), U = UpperShare·g, sliding over the face surface so it stays in front of the skin above it.
/// A lid slides from above the eye to its centre line as the eye closes (its height grows to cover the eye);
/// brows rise 1.5 mm per AU01 unit/5 and fall 1.2 mm per AU04 unit/5.
/// </summary>
public static class FaceDeformation
{
    /// <summary>Lid offset above the eye centre when open, and when closed.</summary>
    public const float LidOpenOffset = 0.0062f, LidClosedOffset = 0.0004f;

    /// <summary>Lid half-height (y scale) when open and closed.</summary>
    public const float LidOpenScale = 0.0016f, LidClosedScale = 0.0062f;

    /// <summary>Jaw drop D at the mouth centre (metres).</summary>
    public static float JawDrop(FaceState s) => (1 - HeadGeometry.UpperShare) * HeadGeometry.MaxGap * s.JawOpen;

    /// <summary>Upper-lip rise U at the mouth centre (metres).</summary>
    public static float LipRise(FaceState s) => HeadGeometry.UpperShare * HeadGeometry.MaxGap * s.JawOpen;

    /// <summary>The deformed position of <paramref name="p"/> (rest position, head frame) in <paramref name="group"/>.</summary>
    public static Vector3 Position(Vector3 p, MotionGroup group, FaceState s)
    {
        switch (group)
        {
            case MotionGroup.LowerFace:
                return p with { Y = p.Y - JawDrop(s) * MouthField.SoftTissue(p, out _) };
            case MotionGroup.UpperLip:
                float y = p.Y + LipRise(s) * MouthField.Parting(p.X, out _);
                return new Vector3(p.X, y, p.Z + HeadGeometry.SurfaceZ(p.X, y) - HeadGeometry.SurfaceZ(p.X, p.Y));
            case MotionGroup.Lid:
                return p with { Y = p.Y - (LidOpenOffset - LidClosedOffset) * s.EyeClosure };
            case MotionGroup.Brow:
                return p with { Y = p.Y + 0.0015f * s.Au01 / 5f - 0.0012f * s.Au04 / 5f };
            default:
                return p;
        }
    }

    /// <summary>
    /// The Jacobian ∂x'/∂p of <see cref="Position"/> for the groups that stretch (lower face and upper lip), used to carry a
    /// Gaussian's covariance through the motion (Σ' = JΣJᵀ); null where the motion is a translation (or none), which
    /// leaves shapes unchanged.
    /// Row-major, rows = output coordinates.
    /// </summary>
    public static Matrix4x4? Jacobian(Vector3 p, MotionGroup group, FaceState s)
    {
        switch (group)
        {
            case MotionGroup.LowerFace:
            {
                float d = JawDrop(s);
                MouthField.SoftTissue(p, out var g);
                if (d == 0 || g == Vector3.Zero) return null;
                var j = Matrix4x4.Identity;
                j.M21 = -d * g.X; j.M22 = 1 - d * g.Y; j.M23 = -d * g.Z;
                return j;
            }
            case MotionGroup.UpperLip:
            {
                float u = LipRise(s);
                if (u == 0) return null;
                float q = MouthField.Parting(p.X, out float dq);
                float y = p.Y + u * q;
                var (sx1, sy1) = HeadGeometry.SurfaceSlope(p.X, y);
                var (sx0, sy0) = HeadGeometry.SurfaceSlope(p.X, p.Y);
                var j = Matrix4x4.Identity;
                j.M21 = u * dq;
                j.M31 = sx1 + sy1 * u * dq - sx0; j.M32 = sy1 - sy0;
                return j;
            }
            default:
                return null;
        }
    }

    /// <summary>Lid y-scale at a closure in [0, 1].</summary>
    public static float LidScaleY(float closure) => LidOpenScale + (LidClosedScale - LidOpenScale) * closure;
}
