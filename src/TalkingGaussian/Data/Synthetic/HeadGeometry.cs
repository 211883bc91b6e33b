namespace TalkingGaussian.Data.Synthetic;

/// <summary>
/// Dimensions of the synthetic head in metres, in the head frame (x right as seen by the camera, y up, z towards the
/// camera; the original's world units after its ÷10, so the head fits the motion grid's ±0.15 bound).
/// </summary>
public static class HeadGeometry
{
    /// <summary>Skull ellipsoid semi-axes.</summary>
    public const float Rx = 0.075f, Ry = 0.095f, Rz = 0.085f;

    /// <summary>Skull centre height.</summary>
    public const float CentreY = 0.01f;

    /// <summary>Eye centres at (±EyeX, EyeY).</summary>
    public const float EyeX = 0.028f, EyeY = 0.018f;

    /// <summary>Eye half-width and half-height (open).</summary>
    public const float EyeHalfWidth = 0.0105f, EyeHalfHeight = 0.0055f;

    /// <summary>Mouth line height and half-width.</summary>
    public const float MouthY = -0.045f, MouthHalfWidth = 0.022f;

    /// <summary>Largest lip gap (metres) at <see cref="FaceState.JawOpen"/> = 1.</summary>
    public const float MaxGap = 0.016f;

    /// <summary>Share of the gap taken by the upper lip (the rest by the jaw).</summary>
    public const float UpperShare = 0.25f;

    /// <summary>Brow height.</summary>
    public const float BrowY = 0.036f;

    /// <summary>Pivot of head rotations (top of the neck).</summary>
    public static readonly System.Numerics.Vector3 NeckPivot = new(0, -0.08f, -0.01f);

    /// <summary>z of the skull surface in front at (x, y); 0 outside the ellipse.</summary>
    public static float SurfaceZ(float x, float y)
    {
        float u = x / Rx, v = (y - CentreY) / Ry;
        float r = 1 - u * u - v * v;
        return r <= 0 ? 0 : Rz * MathF.Sqrt(r);
    }

    /// <summary>Mouth profile across the lips: 1 at the centre, 0 at the corners.</summary>
    public static float LipProfile(float x)
    {
        float u = x / MouthHalfWidth;
        return MathF.Max(0, 1 - u * u);
    }

    /// <summary>
    /// Share of the jaw drop at (x, y): (1 − |x|/0.05)² across (so the gap is lens-shaped and the cheeks stay), times a
    /// ramp from 0 at 1.5 mm above the mouth line to 1 at 1.5 mm below it. Lower lip, chin skin and lower teeth all use it,
    /// so they move together.
    /// </summary>
    public static float JawWeight(float x, float y)
    {
        float fx = MathF.Max(0, 1 - MathF.Abs(x) / 0.05f);
        float gy = Math.Clamp((MouthY + 0.0015f - y) / 0.003f, 0f, 1f);
        return fx * fx * gy;
    }

    /// <summary>Share of the upper-lip rise at x: (1 − |x|/0.05)².</summary>
    public static float UpperLipWeight(float x)
    {
        float fx = MathF.Max(0, 1 - MathF.Abs(x) / 0.05f);
        return fx * fx;
    }
}
