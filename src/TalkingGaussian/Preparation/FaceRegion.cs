namespace TalkingGaussian.Preparation;

/// <summary>
/// A rotated square of the image that the face mesh looks at: centre, side and the angle of its x axis (radians,
/// image axes with y down). The axis runs along the eye line, from the person's right eye to the left one, so the
/// crop shows the face upright whatever the head's roll (MediaPipe's own pipeline crops the same way: an unrotated crop
/// of a tilted face misplaces the mesh).
/// </summary>
public readonly record struct FaceRegion(double CenterX, double CenterY, double Side, double Angle)
{
    /// <summary>How much larger than the face box the crop is (MediaPipe's 1.5).</summary>
    public const double Margin = 1.5;

    /// <summary>The region around a detection: its box scaled by <see cref="Margin"/>, rotated by its eye line.</summary>
    public static FaceRegion FromDetection(FaceDetection d) =>
        new(d.X + d.Width / 2, d.Y + d.Height / 2, Margin * Math.Max(d.Width, d.Height),
            Math.Atan2(d.LeftEye.Y - d.RightEye.Y, d.LeftEye.X - d.RightEye.X));

    /// <summary>
    /// The region that tracks a face into the next frame: the box of the previous mesh (measured in the eye-line
    /// frame, so its size does not change with roll) scaled by <see cref="Margin"/>, rotated by the line from outer eye
    /// corner to outer eye corner (mesh points 33 and 263).
    /// </summary>
    public static FaceRegion FromMesh(FaceMeshResult mesh)
    {
        var p = mesh.Points;
        double angle = Math.Atan2(p[3 * 263 + 1] - p[3 * 33 + 1], p[3 * 263] - p[3 * 33]);
        double c = Math.Cos(angle), s = Math.Sin(angle);
        double uMin = double.MaxValue, uMax = double.MinValue, vMin = double.MaxValue, vMax = double.MinValue;
        for (int i = 0; i < FaceMeshResult.PointCount; i++)
        {
            double x = p[3 * i], y = p[3 * i + 1];
            double u = c * x + s * y, v = -s * x + c * y;
            uMin = Math.Min(uMin, u); uMax = Math.Max(uMax, u); vMin = Math.Min(vMin, v); vMax = Math.Max(vMax, v);
        }
        double uc = (uMin + uMax) / 2, vc = (vMin + vMax) / 2;
        return new FaceRegion(c * uc - s * vc, s * uc + c * vc, Margin * Math.Max(uMax - uMin, vMax - vMin), angle);
    }

    /// <summary>The 2×3 affine map from image pixels to a <paramref name="size"/>² crop of this region.</summary>
    public double[] ImageToCrop(int size)
    {
        double k = size / Side, c = Math.Cos(Angle), s = Math.Sin(Angle);
        // crop = k·Rᵀ·(p − centre) + size/2, where R's columns are the crop axes in the image.
        return [k * c, k * s, size / 2.0 - k * (c * CenterX + s * CenterY),
                -k * s, k * c, size / 2.0 - k * (-s * CenterX + c * CenterY)];
    }

    /// <summary>Maps a crop point back to image pixels (the inverse of <see cref="ImageToCrop"/>).</summary>
    public (double X, double Y) CropToImage(double u, double v, int size)
    {
        double k = Side / size, c = Math.Cos(Angle), s = Math.Sin(Angle);
        double du = (u - size / 2.0) * k, dv = (v - size / 2.0) * k;
        return (CenterX + c * du - s * dv, CenterY + s * du + c * dv);
    }
}
