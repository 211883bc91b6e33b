using OpenCvSharp;

namespace TalkingGaussian.Preparation;

/// <summary>
/// Head pose without the Basel Face Model: a PnP fit (OpenCV's iterative Levenberg–Marquardt solver) of the canonical
/// face's rigid vertices (<see cref="MeshRegions.Rigid"/>, in metres) to the same vertices of each frame's mesh, with
/// the principal point at the image centre (W/2, H/2) as in the original. The focal length is chosen as the original's
/// tracker chooses it: a grid search (600…1400 px in steps of 100 at 512 px, scaled with the frame size) on every 40th
/// frame, keeping the focal with the smallest reprojection error. Poses are then smoothed over time
/// (<see cref="Smooth"/>), standing in for the original's Laplacian smoothness term.
/// </summary>
public sealed class HeadPoseFit(CanonicalFace face)
{
    /// <summary>Frames between the ones the focal search uses (the original's 40).</summary>
    public const int FocalSearchStride = 40;

    private readonly Point3f[] _model = MeshRegions.Rigid.Select(k => { var (x, y, z) = face.Metres(k); return new Point3f((float)x, (float)y, (float)z); }).ToArray();

    /// <summary>The focal candidates for a frame of <paramref name="width"/>×<paramref name="height"/>.</summary>
    public static double[] FocalGrid(int width, int height)
    {
        double scale = Math.Max(width, height) / 512.0;
        return Enumerable.Range(0, 9).Select(k => (600 + 100 * k) * scale).ToArray();
    }

    /// <summary>The grid focal with the smallest total reprojection error over every 40th of <paramref name="frames"/> meshes.</summary>
    public double ChooseFocal(int frames, Func<int, FaceMeshResult> mesh, int width, int height)
    {
        var samples = Enumerable.Range(0, (frames + FocalSearchStride - 1) / FocalSearchStride).Select(k => mesh(k * FocalSearchStride)).ToArray();
        return FocalGrid(width, height).MinBy(f => samples.Sum(m => Solve(m, f, width, height, null).RmsPixels))!;
    }

    /// <summary>The pose of one mesh at focal <paramref name="focal"/> and its root-mean-square reprojection error in pixels.</summary>
    public (HeadPose Pose, double RmsPixels) Solve(FaceMeshResult mesh, double focal, int width, int height, HeadPose? guess)
    {
        var image = MeshRegions.Rigid.Select(k => new Point2f(mesh.X(k), mesh.Y(k))).ToArray();
        var camera = new double[,] { { focal, 0, width / 2.0 }, { 0, focal, height / 2.0 }, { 0, 0, 1 } };
        double[] rvec, tvec;
        if (guess is null)
        {
            // Start in front of the camera, facing it (OpenCV axes: the head's Y up and Z towards the camera flip).
            rvec = [Math.PI, 0, 0];
            tvec = [0, 0, 0.6];
        }
        else
        {
            Cv2.Rodrigues(To3x3(guess.Rotation), out rvec, out _);
            tvec = (double[])guess.Translation.Clone();
        }
        using (var objectPoints = Mat.FromArray(_model))
        using (var imagePoints = Mat.FromArray(image))
        using (var k = Mat.FromPixelData(3, 3, MatType.CV_64FC1, camera))
        using (var rv = Mat.FromPixelData(3, 1, MatType.CV_64FC1, rvec))
        using (var tv = Mat.FromPixelData(3, 1, MatType.CV_64FC1, tvec))
        using (var noDistortion = new Mat())
        {
            Cv2.SolvePnP(objectPoints, imagePoints, k, noDistortion, rv, tv, useExtrinsicGuess: true, SolvePnPMethod.Iterative);
            rv.GetArray(out rvec);
            tv.GetArray(out tvec);
        }
        Cv2.Rodrigues(rvec, out var r, out _);
        var pose = new HeadPose([r[0, 0], r[0, 1], r[0, 2], r[1, 0], r[1, 1], r[1, 2], r[2, 0], r[2, 1], r[2, 2]], tvec);
        return (pose, Rms(pose, image, focal, width, height));
    }

    /// <summary>
    /// Poses averaged over neighbouring frames with Gaussian weights of <paramref name="sigma"/> frames (±3σ):
    /// rotations as sign-aligned unit quaternions, translations linearly.
    /// </summary>
    public static HeadPose[] Smooth(IReadOnlyList<HeadPose> poses, double sigma)
    {
        int n = poses.Count, reach = (int)Math.Ceiling(3 * sigma);
        var q = poses.Select(p => Quaternion3.FromMatrix(p.Rotation)).ToArray();
        var result = new HeadPose[n];
        for (int i = 0; i < n; i++)
        {
            var sq = new double[4];
            var st = new double[3];
            double sw = 0;
            for (int j = Math.Max(0, i - reach); j <= Math.Min(n - 1, i + reach); j++)
            {
                double w = sigma > 0 ? Math.Exp(-0.5 * (j - i) * (j - i) / (sigma * sigma)) : j == i ? 1 : 0;
                double sign = q[i][0] * q[j][0] + q[i][1] * q[j][1] + q[i][2] * q[j][2] + q[i][3] * q[j][3] < 0 ? -1 : 1;
                for (int c = 0; c < 4; c++) sq[c] += w * sign * q[j][c];
                for (int c = 0; c < 3; c++) st[c] += w * poses[j].Translation[c];
                sw += w;
            }
            result[i] = new HeadPose(Quaternion3.ToMatrix(Quaternion3.Normalize(sq)), [st[0] / sw, st[1] / sw, st[2] / sw]);
        }
        return result;
    }

    private double Rms(HeadPose pose, Point2f[] image, double focal, int width, int height)
    {
        double sum = 0;
        var r = pose.Rotation;
        var t = pose.Translation;
        for (int k = 0; k < _model.Length; k++)
        {
            var p = _model[k];
            double x = r[0] * p.X + r[1] * p.Y + r[2] * p.Z + t[0];
            double y = r[3] * p.X + r[4] * p.Y + r[5] * p.Z + t[1];
            double z = r[6] * p.X + r[7] * p.Y + r[8] * p.Z + t[2];
            double du = focal * x / z + width / 2.0 - image[k].X, dv = focal * y / z + height / 2.0 - image[k].Y;
            sum += du * du + dv * dv;
        }
        return Math.Sqrt(sum / _model.Length);
    }

    private static double[,] To3x3(double[] m) => new double[,] { { m[0], m[1], m[2] }, { m[3], m[4], m[5] }, { m[6], m[7], m[8] } };
}
