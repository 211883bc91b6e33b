using System.Numerics;
using TalkingGaussian.Preparation;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Preparation;

/// <summary>The PnP head pose on the canonical face: exact recovery of a known pose and focal, and the dataset's camera convention.</summary>
public sealed class HeadPoseFitTests
{
    private const int Size = 512;
    private static readonly CanonicalFace Face = CanonicalFace.Read(PreparationModels.Store.Require(ModelStore.FaceGeometry));

    [Fact]
    public void The_canonical_face_is_decoded_in_centimetres_with_x_to_the_image_right()
    {
        Assert.Equal(3 * 468, Face.Vertices.Length);
        Assert.Equal(33, Face.ProcrustesBasis.Length);
        Assert.True(Face.Triangles.Length > 800 * 3);
        // The person's right outer eye corner (33) is on the image's left, mirrored by the left one (263); the nose tip is nearest the camera.
        Assert.True(Face.Vertices[3 * 33] < -3 && Face.Vertices[3 * 263] > 3);
        Assert.Equal(Face.Vertices[3 * 33], -Face.Vertices[3 * 263], 3);
        Assert.Equal(Face.Vertices.Where((_, i) => i % 3 == 2).Max(), Face.Vertices[3 * 4 + 2], 1);
    }

    [Fact]
    public void A_known_pose_and_focal_are_recovered()
    {
        var fit = new HeadPoseFit(Face);
        var truth = Pose(yaw: 12, pitch: -6, roll: 4, 0.01, -0.015, 0.62);
        var mesh = Project(truth, 900);
        var (pose, rms) = fit.Solve(mesh, 900, Size, Size, null);
        Assert.True(rms < 1e-3, $"reprojection {rms} px"); // measured 1e-5 px
        Assert.True(pose.AngleTo(truth) < 1e-3, $"rotation error {pose.AngleTo(truth)}°");
        for (int c = 0; c < 3; c++) Assert.Equal(truth.Translation[c], pose.Translation[c], 5);
        var frames = Enumerable.Range(0, 81).Select(k => Project(Pose(3 * Math.Sin(k / 9.0), -6, 4, 0, 0, 0.6), 900)).ToArray();
        Assert.Equal(900, fit.ChooseFocal(frames.Length, k => frames[k], Size, Size));
    }

    [Fact]
    public void The_transform_matrix_places_the_head_where_the_mesh_was_seen()
    {
        // Camera.FromTransformMatrix is how the trainer reads transform_matrix; it projects a head-frame point (metres) to
        // the pixel where the mesh saw it, up to the half pixel between the rasterizer's (W−1)/2 centre and the PnP's W/2.
        var truth = Pose(yaw: -15, pitch: 8, roll: -5, -0.02, 0.01, 0.7);
        var mesh = Project(truth, 1000);
        var (pose, _) = new HeadPoseFit(Face).Solve(mesh, 1000, Size, Size, null);
        var camera = Camera.FromTransformMatrix(pose.CameraToWorld(), 1000, Size, Size);
        foreach (int k in new[] { 1, 33, 263, 152, 10, 234, 454 })
        {
            var (x, y, z) = Face.Metres(k);
            var (px, py, depth) = camera.Project(new Vector3((float)x, (float)y, (float)z));
            Assert.True(depth > 0.5);
            Assert.Equal(mesh.X(k), px + 0.5f, 2); // float32 camera: measured within 2e-4 px
            Assert.Equal(mesh.Y(k), py + 0.5f, 2);
        }
    }

    [Fact]
    public void Smoothing_keeps_a_steady_pose_and_reduces_jitter()
    {
        var steady = Pose(5, 0, 0, 0, 0, 0.6);
        var rng = new Random(3);
        var noisy = Enumerable.Range(0, 60).Select(_ => Pose(5 + rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, 0, 0, 0, 0.6)).ToArray();
        var smooth = HeadPoseFit.Smooth(noisy, 1.5);
        Assert.True(HeadPoseFit.Smooth([steady, steady, steady], 1.5).All(p => p.AngleTo(steady) < 1e-9));
        double before = noisy.Average(p => p.AngleTo(steady)), after = smooth.Average(p => p.AngleTo(steady));
        Assert.True(after < 0.6 * before, $"mean error {before:F3}° → {after:F3}°");
    }

    /// <summary>A head pose in OpenCV camera axes: the head faces the camera (Y up, Z towards it) turned by yaw, pitch, roll (degrees).</summary>
    private static HeadPose Pose(double yaw, double pitch, double roll, double tx, double ty, double tz)
    {
        var q = Quaternion.CreateFromYawPitchRoll((float)(yaw * Math.PI / 180), (float)(pitch * Math.PI / 180), (float)(roll * Math.PI / 180));
        var m = Matrix4x4.CreateFromQuaternion(q); // row-vector convention: v' = v·M, so R = Mᵀ
        double[] r = [m.M11, m.M21, m.M31, m.M12, m.M22, m.M32, m.M13, m.M23, m.M33];
        // Flip the head's Y (up) and Z (towards the camera) into OpenCV's y down and z forward: R·diag(1, −1, −1).
        double[] flipped = [r[0], -r[1], -r[2], r[3], -r[4], -r[5], r[6], -r[7], -r[8]];
        // Re-orthonormalised in double precision (the System.Numerics matrix is float).
        return new HeadPose(Orthonormal(flipped), [tx, ty, tz]);
    }

    private static double[] Orthonormal(double[] m)
    {
        // Gram–Schmidt on the rows.
        double[] r0 = [m[0], m[1], m[2]], r1 = [m[3], m[4], m[5]];
        Normalize(r0);
        double d = r0[0] * r1[0] + r0[1] * r1[1] + r0[2] * r1[2];
        for (int i = 0; i < 3; i++) r1[i] -= d * r0[i];
        Normalize(r1);
        double[] r2 = [r0[1] * r1[2] - r0[2] * r1[1], r0[2] * r1[0] - r0[0] * r1[2], r0[0] * r1[1] - r0[1] * r1[0]];
        return [.. r0, .. r1, .. r2];
    }

    private static void Normalize(double[] v)
    {
        double n = Math.Sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        for (int i = 0; i < 3; i++) v[i] /= n;
    }

    /// <summary>The canonical face projected with <paramref name="pose"/> (pinhole, principal point W/2, H/2) as a mesh.</summary>
    private static FaceMeshResult Project(HeadPose pose, double focal)
    {
        var points = new float[3 * 468];
        var r = pose.Rotation;
        var t = pose.Translation;
        for (int k = 0; k < 468; k++)
        {
            var (x, y, z) = Face.Metres(k);
            double cx = r[0] * x + r[1] * y + r[2] * z + t[0], cy = r[3] * x + r[4] * y + r[5] * z + t[1], cz = r[6] * x + r[7] * y + r[8] * z + t[2];
            points[3 * k] = (float)(focal * cx / cz + Size / 2.0);
            points[3 * k + 1] = (float)(focal * cy / cz + Size / 2.0);
        }
        return new FaceMeshResult(points, 1);
    }
}
