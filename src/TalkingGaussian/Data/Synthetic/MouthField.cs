using System.Numerics;

namespace TalkingGaussian.Data.Synthetic;

/// <summary>
/// How far each point below the synthetic mouth line follows the jaw: a smooth share w(x, y, z) in [0, 1] of the jaw drop,
/// with its gradient, so that Gaussians can be carried through the motion with its Jacobian (<see cref="FaceDeformation"/>):
/// <code>w = a(x)·c(z)·[q(x) + (1 − q(x))·t(y)]   below the mouth line, 0 above it</code>
/// q(x) = 1 − (x/hw)² is the lips' parting profile (1 at the centre, 0 at the corners, so the opening is lens-shaped
/// and the corners stay shut); t(y) blends it into the chin, which drops as one piece, over 30 mm below the mouth line;
/// a(x) is the mandible's lateral share (1 for |x| ≤ 30 mm, down to 0 at 65 mm, where the cheeks hang from the skull);
/// c(z) fades the share out towards the back of the chin (z from 5 to 30 mm) so its underside joins the neck without a
/// seam. All ramps are smoothsteps, so w is C¹ except across the mouth line itself, where the lips part.
/// </summary>
public static class MouthField
{
    /// <summary>Half-width (metres) over which the mandible drops fully, and the width of its fade beyond.</summary>
    public const float MandibleHalfWidth = 0.03f, MandibleFade = 0.035f;

    /// <summary>Height below the mouth line over which the soft tissue turns from the lips' profile into the rigid chin.</summary>
    public const float ChinBlend = 0.03f;

    /// <summary>Depth z where the share starts, and the depth range over which it reaches its full value.</summary>
    public const float DepthStart = 0.005f, DepthFade = 0.025f;

    /// <summary>The mandible's lateral share a(x) and da/dx.</summary>
    public static float Mandible(float x, out float dx)
    {
        float a = 1 - Smooth((MathF.Abs(x) - MandibleHalfWidth) / MandibleFade, out float ds);
        dx = -MathF.Sign(x) * ds / MandibleFade;
        return a;
    }

    /// <summary>The lips' parting profile q(x) = max(0, 1 − (x/hw)²) and dq/dx.</summary>
    public static float Parting(float x, out float dx)
    {
        float q = HeadGeometry.LipProfile(x);
        dx = q > 0 ? -2 * x / (HeadGeometry.MouthHalfWidth * HeadGeometry.MouthHalfWidth) : 0;
        return q;
    }

    /// <summary>The soft tissue's share w(p) of the jaw drop at rest position <paramref name="p"/> and its gradient ∇w.</summary>
    public static float SoftTissue(Vector3 p, out Vector3 gradient)
    {
        gradient = Vector3.Zero;
        if (p.Y >= HeadGeometry.MouthY) return 0;
        float a = Mandible(p.X, out float da);
        float q = Parting(p.X, out float dq);
        float t = Smooth((HeadGeometry.MouthY - p.Y) / ChinBlend, out float dt);
        float c = Smooth((p.Z - DepthStart) / DepthFade, out float dc);
        float blend = q + (1 - q) * t;
        gradient = new Vector3(
            c * (da * blend + a * dq * (1 - t)),
            a * c * (1 - q) * dt * (-1 / ChinBlend),
            a * blend * dc / DepthFade);
        return a * c * blend;
    }

    /// <summary>Smoothstep s(u) = u²(3 − 2u) on [0, 1], clamped outside, and ds/du.</summary>
    private static float Smooth(float u, out float du)
    {
        if (u <= 0) { du = 0; return 0; }
        if (u >= 1) { du = 0; return 1; }
        du = 6 * u * (1 - u);
        return u * u * (3 - 2 * u);
    }
}
