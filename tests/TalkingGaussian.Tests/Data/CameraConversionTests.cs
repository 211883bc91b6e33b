using System.Numerics;
using TalkingGaussian.Data;
using TalkingGaussian.Data.Synthetic;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Data;

/// <summary>transforms_*.json matrices through the loader conversion of original-code.md §1.2, against hand-computed results.</summary>
public class CameraConversionTests : DataTempTest
{
    private const float Tol = 1e-5f;

    [Fact]
    public void CameraOnTheSideLookingAtTheHeadMatchesHandComputedWorldToView()
    {
        // OpenGL camera-to-world: Ry(90°), camera at (0.7, 0, 0) looking down its −z = world −x, towards the origin.
        var c2w = new double[,] { { 0, 0, 1, 0.7 }, { 0, 1, 0, 0 }, { -1, 0, 0, 0 }, { 0, 0, 0, 1 } };
        var dir = TempFolder();
        var path = Path.Combine(dir, "transforms_train.json");
        new TransformsFile(500, 50, 50, [new FrameTransform(0, 0, c2w)]).Write(path);
        var read = TransformsFile.Read(path);
        var cam = Camera.FromTransformMatrix(read.Frames[0].TransformMatrix, read.FocalLength, 100, 100);
        // Negate columns 1, 2: [[0,0,−1],[0,−1,0],[−1,0,0]]; it is symmetric, so w2c rotation is the same and t = (0, 0, 0.7).
        var v = cam.WorldToView;
        float[] expected = [0, 0, -1, 0, -1, 0, -1, 0, 0];
        float[] actual = [v.R00, v.R01, v.R02, v.R10, v.R11, v.R12, v.R20, v.R21, v.R22];
        for (int i = 0; i < 9; i++) Assert.Equal(expected[i], actual[i], Tol);
        Assert.Equal(0f, v.T0, Tol);
        Assert.Equal(0f, v.T1, Tol);
        Assert.Equal(0.7f, v.T2, Tol);
        // World +z is image-left of this camera, world +y is up (a smaller row).
        var (x, y, z) = cam.Project(new Vector3(0, 0, 0.1f));
        Assert.Equal(0.7f, z, Tol);
        Assert.Equal(500f * -0.1f / 0.7f + 49.5f, x, 1e-3f);
        Assert.Equal(49.5f, y, 1e-3f);
        Assert.True(cam.Project(new Vector3(0, 0.1f, 0)).Y < 49.5f);
        Assert.Equal(2 * MathF.Atan(100f / 1000f), cam.FovX, Tol);
    }

    [Fact]
    public void TransformsFileRoundTripsIdsFocalAndMatrices()
    {
        var m = new double[,] { { 0.99, -0.01, 0.1, 0.03 }, { 0.02, 0.98, -0.04, -0.07 }, { -0.1, 0.04, 0.99, 0.69 }, { 0, 0, 0, 1 } };
        var dir = TempFolder();
        var path = Path.Combine(dir, "transforms_val.json");
        new TransformsFile(1234.5, 256, 256, [new FrameTransform(7, 7, m), new FrameTransform(8, 8, m)]).Write(path);
        var back = TransformsFile.Read(path);
        Assert.Equal(1234.5, back.FocalLength);
        Assert.Equal(256, back.Cx);
        Assert.Equal([7, 8], back.Frames.Select(f => f.ImgId));
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++) Assert.Equal(m[r, c], back.Frames[1].TransformMatrix[r, c]);
    }

    [Fact]
    public void MalformedTransformsNameTheFileAndEntry()
    {
        var dir = TempFolder();
        var path = Path.Combine(dir, "transforms_train.json");
        File.WriteAllText(path, "{\"focal_len\": 1200, \"frames\": [{\"img_id\": 0, \"transform_matrix\": [[1,0,0]]}]}");
        var e = Assert.Throws<InvalidDataException>(() => TransformsFile.Read(path));
        Assert.Contains("frames[0]", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void SyntheticRestCameraIsStraightAheadAtTheDocumentedDistance()
    {
        var c2w = SyntheticSpeaker.CameraToWorld(RigidTransform.Identity);
        double[,] expected = { { 1, 0, 0, 0 }, { 0, 1, 0, SyntheticSpeaker.CameraHeight }, { 0, 0, 1, SyntheticSpeaker.CameraDistance }, { 0, 0, 0, 1 } };
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++) Assert.Equal(expected[r, c], c2w[r, c], 1e-6);
        // A head turned by M is seen by a camera moved by M⁻¹: the head point M⁻¹·(camera-facing point) projects to the centre column.
        var motion = new RigidTransform(MathF.Cos(0.1f), 0, MathF.Sin(0.1f), 0, 1, 0, -MathF.Sin(0.1f), 0, MathF.Cos(0.1f), 0, 0, 0);
        var cam = Camera.FromTransformMatrix(SyntheticSpeaker.CameraToWorld(motion), 400, 200, 200);
        var inHead = motion.Inverse().Apply(new Vector3(0, (float)SyntheticSpeaker.CameraHeight, 0));
        Assert.Equal(99.5f, cam.Project(inHead).X, 1e-3f);
    }
}
