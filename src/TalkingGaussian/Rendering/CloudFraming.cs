using System.Numerics;

namespace TalkingGaussian.Rendering;

/// <summary>Which world axis points up in the image (3DGS scenes from COLMAP usually have −y up; this package's heads have +y).</summary>
public enum UpAxis { Y, NegativeY, Z, NegativeZ }

/// <summary>
/// A camera that frames a Gaussian cloud from an orbit angle: it looks at the centre of the cloud's bulk (the midpoint of
/// the 2nd and 98th percentile of the means on each axis, so a few stray Gaussians do not shrink the subject) from
/// <c>distance</c> along the front axis turned by <c>azimuth</c> about the up axis and raised by <c>elevation</c>. The
/// default distance fits the bulk's bounding sphere into the narrower field of view with 10% margin.
/// </summary>
public static class CloudFraming
{
    /// <summary>The centre and bounding-sphere radius of the cloud's bulk.</summary>
    public static (Vector3 Centre, float Radius) Bulk(ReadOnlySpan<float> means, int count)
    {
        if (count <= 0) throw new ArgumentException("The cloud is empty: there is nothing to frame.");
        var lo = new float[3];
        var hi = new float[3];
        var axis = new float[count];
        for (int d = 0; d < 3; d++)
        {
            for (int i = 0; i < count; i++) axis[i] = means[3 * i + d];
            Array.Sort(axis);
            lo[d] = axis[(int)(0.02 * (count - 1))];
            hi[d] = axis[(int)Math.Ceiling(0.98 * (count - 1))];
        }
        var min = new Vector3(lo[0], lo[1], lo[2]);
        var max = new Vector3(hi[0], hi[1], hi[2]);
        return ((min + max) / 2, MathF.Max(1e-6f, (max - min).Length() / 2));
    }

    /// <summary>The orbit camera (angles in degrees; <paramref name="distance"/> ≤ 0 picks the framing distance).</summary>
    public static Camera Orbit(ReadOnlySpan<float> means, int count, int width, int height, UpAxis up = UpAxis.Y,
        float azimuthDegrees = 0, float elevationDegrees = 0, float distance = 0, float fovYDegrees = 30)
    {
        var (centre, radius) = Bulk(means, count);
        float fovY = fovYDegrees * MathF.PI / 180;
        float fovX = 2 * MathF.Atan(MathF.Tan(fovY / 2) * width / height);
        if (distance <= 0) distance = 1.1f * radius / MathF.Sin(MathF.Min(fovX, fovY) / 2);
        var (u, front) = up switch
        {
            UpAxis.Y => (Vector3.UnitY, Vector3.UnitZ),
            UpAxis.NegativeY => (-Vector3.UnitY, -Vector3.UnitZ),
            UpAxis.Z => (Vector3.UnitZ, -Vector3.UnitY),
            _ => (-Vector3.UnitZ, Vector3.UnitY),
        };
        var right = Vector3.Cross(u, front);
        float az = azimuthDegrees * MathF.PI / 180, el = elevationDegrees * MathF.PI / 180;
        var direction = MathF.Cos(el) * (MathF.Cos(az) * front + MathF.Sin(az) * right) + MathF.Sin(el) * u;
        // Straight above or below, the up axis cannot be image-up; use the front axis instead.
        var imageUp = MathF.Abs(Vector3.Dot(direction, u)) > 0.999f ? -front * MathF.Sign(el) : u;
        return Camera.LookAt(centre + distance * direction, centre, imageUp, fovY, width, height);
    }
}
