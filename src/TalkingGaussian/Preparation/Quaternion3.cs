namespace TalkingGaussian.Preparation;

/// <summary>Unit quaternions (w, x, y, z) ↔ row-major 3×3 rotation matrices, for averaging rotations over time.</summary>
internal static class Quaternion3
{
    public static double[] FromMatrix(double[] m)
    {
        double trace = m[0] + m[4] + m[8];
        double w, x, y, z;
        if (trace > 0)
        {
            double s = 2 * Math.Sqrt(trace + 1);
            (w, x, y, z) = (s / 4, (m[7] - m[5]) / s, (m[2] - m[6]) / s, (m[3] - m[1]) / s);
        }
        else if (m[0] > m[4] && m[0] > m[8])
        {
            double s = 2 * Math.Sqrt(1 + m[0] - m[4] - m[8]);
            (w, x, y, z) = ((m[7] - m[5]) / s, s / 4, (m[1] + m[3]) / s, (m[2] + m[6]) / s);
        }
        else if (m[4] > m[8])
        {
            double s = 2 * Math.Sqrt(1 + m[4] - m[0] - m[8]);
            (w, x, y, z) = ((m[2] - m[6]) / s, (m[1] + m[3]) / s, s / 4, (m[5] + m[7]) / s);
        }
        else
        {
            double s = 2 * Math.Sqrt(1 + m[8] - m[0] - m[4]);
            (w, x, y, z) = ((m[3] - m[1]) / s, (m[2] + m[6]) / s, (m[5] + m[7]) / s, s / 4);
        }
        return Normalize([w, x, y, z]);
    }

    public static double[] ToMatrix(double[] q)
    {
        var (w, x, y, z) = (q[0], q[1], q[2], q[3]);
        return
        [
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
        ];
    }

    public static double[] Normalize(double[] q)
    {
        double n = Math.Sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        return [q[0] / n, q[1] / n, q[2] / n, q[3] / n];
    }
}
