namespace TalkingGaussian.Preparation;

/// <summary>
/// A head-to-camera transform in OpenCV camera axes (x right, y down, z forward): p_cam = R·p_head + t, with the head
/// frame the canonical face's (metres; X to the image's right, Y up, Z towards the camera for a frontal face).
/// <see cref="Rotation"/> is 3×3 row-major.
/// </summary>
public sealed record HeadPose(double[] Rotation, double[] Translation)
{
    /// <summary>
    /// The dataset's <c>transform_matrix</c> (shared/reference/original-code.md §1.2): camera-to-world in OpenGL axes
    /// (y up, z backwards) with the head as the world. OpenGL camera axes are the OpenCV ones with y and z negated
    /// (F = diag(1, −1, −1)), so the head-to-camera transform there is (F·R, F·t) and its inverse is
    /// [(F·R)ᵀ | −(F·R)ᵀ·F·t]. The original divides its tracker's decimetre translation by 10 to get metres; this one is
    /// in metres already.
    /// </summary>
    public double[,] CameraToWorld()
    {
        var r = Rotation;
        var t = Translation;
        var m = new double[4, 4];
        double[] ft = [t[0], -t[1], -t[2]];
        for (int i = 0; i < 3; i++)
        {
            // (F·R)ᵀ[i, j] = (F·R)[j, i] = F_jj · R[j, i]
            double sum = 0;
            for (int j = 0; j < 3; j++)
            {
                double frT = (j == 0 ? 1 : -1) * r[3 * j + i];
                m[i, j] = frT;
                sum += frT * ft[j];
            }
            m[i, 3] = -sum;
        }
        m[3, 3] = 1;
        return m;
    }

    /// <summary>The angle in degrees of the rotation between two poses.</summary>
    public double AngleTo(HeadPose other)
    {
        double trace = 0;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) trace += Rotation[3 * i + j] * other.Rotation[3 * i + j]; // trace(R1ᵀ·R2)
        return Math.Acos(Math.Clamp((trace - 1) / 2, -1, 1)) * 180 / Math.PI;
    }
}
