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

    /// <summary>
    /// Lip gap at the mouth centre (metres) at <see cref="FaceState.JawOpen"/> = 1: 30 mm, about 21 px between the inner
    /// lips at 256² (a real speaker in a 512² crop opens 30–50 px at its widest).
    /// </summary>
    public const float MaxGap = 0.030f;

    /// <summary>Share of the gap taken by the upper lip (the rest by the jaw).</summary>
    public const float UpperShare = 0.2f;

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

    /// <summary>(∂z/∂x, ∂z/∂y) of <see cref="SurfaceZ"/> at (x, y); (0, 0) outside the ellipse.</summary>
    public static (float Dx, float Dy) SurfaceSlope(float x, float y)
    {
        float u = x / Rx, v = (y - CentreY) / Ry;
        float r = 1 - u * u - v * v;
        if (r <= 0) return (0, 0);
        float root = MathF.Sqrt(r);
        return (-Rz * u / (Rx * root), -Rz * v / (Ry * root));
    }

    /// <summary>Mouth profile across the lips: 1 at the centre, 0 at the corners.</summary>
    public static float LipProfile(float x)
    {
        float u = x / MouthHalfWidth;
        return MathF.Max(0, 1 - u * u);
    }
}
