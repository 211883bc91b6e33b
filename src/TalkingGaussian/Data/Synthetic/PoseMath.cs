using System.Numerics;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Data.Synthetic;

/// <summary>Small rigid-motion and quaternion helpers for the synthetic speaker (quaternions are (w, x, y, z)).</summary>
internal static class PoseMath
{
    /// <summary>a∘b: apply b, then a.</summary>
    public static RigidTransform Compose(RigidTransform a, RigidTransform b)
    {
        var ma = a.ToMatrix();
        var mb = b.ToMatrix();
        var m = new double[4, 4];
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
                for (int k = 0; k < 4; k++)
                    m[r, c] += ma[r, k] * mb[k, c];
        return RigidTransform.FromMatrix(m);
    }

    /// <summary>Rotation R = Ry(yaw)·Rx(pitch)·Rz(roll) about <paramref name="pivot"/>, then a translation.</summary>
    public static RigidTransform RotationAbout(Vector3 pivot, float pitch, float yaw, float roll, Vector3 translation)
    {
        var q = Quaternion.CreateFromYawPitchRoll(yaw, pitch, roll);
        var m = Matrix4x4.CreateFromQuaternion(q); // row-vector convention: rows are images of the axes
        var r = new RigidTransform(m.M11, m.M21, m.M31, m.M12, m.M22, m.M32, m.M13, m.M23, m.M33, 0, 0, 0);
        var t = pivot - r.Rotate(pivot) + translation;
        return r with { T0 = t.X, T1 = t.Y, T2 = t.Z };
    }

    /// <summary>The unit quaternion (w, x, y, z) of the rotation part of <paramref name="t"/>.</summary>
    public static (float W, float X, float Y, float Z) ToQuaternion(RigidTransform t)
    {
        float trace = t.R00 + t.R11 + t.R22;
        float w, x, y, z;
        if (trace > 0)
        {
            float s = MathF.Sqrt(trace + 1) * 2;
            w = 0.25f * s; x = (t.R21 - t.R12) / s; y = (t.R02 - t.R20) / s; z = (t.R10 - t.R01) / s;
        }
        else if (t.R00 > t.R11 && t.R00 > t.R22)
        {
            float s = MathF.Sqrt(1 + t.R00 - t.R11 - t.R22) * 2;
            w = (t.R21 - t.R12) / s; x = 0.25f * s; y = (t.R01 + t.R10) / s; z = (t.R02 + t.R20) / s;
        }
        else if (t.R11 > t.R22)
        {
            float s = MathF.Sqrt(1 + t.R11 - t.R00 - t.R22) * 2;
            w = (t.R02 - t.R20) / s; x = (t.R01 + t.R10) / s; y = 0.25f * s; z = (t.R12 + t.R21) / s;
        }
        else
        {
            float s = MathF.Sqrt(1 + t.R22 - t.R00 - t.R11) * 2;
            w = (t.R10 - t.R01) / s; x = (t.R02 + t.R20) / s; y = (t.R12 + t.R21) / s; z = 0.25f * s;
        }
        return (w, x, y, z);
    }

    /// <summary>Hamilton product a·b.</summary>
    public static (float W, float X, float Y, float Z) Multiply((float W, float X, float Y, float Z) a, (float W, float X, float Y, float Z) b) => (
        a.W * b.W - a.X * b.X - a.Y * b.Y - a.Z * b.Z,
        a.W * b.X + a.X * b.W + a.Y * b.Z - a.Z * b.Y,
        a.W * b.Y - a.X * b.Z + a.Y * b.W + a.Z * b.X,
        a.W * b.Z + a.X * b.Y - a.Y * b.X + a.Z * b.W);

    /// <summary>The quaternion turning +z onto the unit vector <paramref name="n"/> (a disc facing along n).</summary>
    public static (float W, float X, float Y, float Z) FacingZ(Vector3 n)
    {
        n = Vector3.Normalize(n);
        if (n.Z < -0.9999f) return (0, 1, 0, 0);
        var q = new Vector4(1 + n.Z, -n.Y, n.X, 0);
        q = Vector4.Normalize(q);
        return (q.X, q.Y, q.Z, q.W);
    }
}
