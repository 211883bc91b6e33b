using System.Numerics;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Rendering;

public class CameraTests
{
    // Camera maths is exact up to float rounding of values near 1: 1e-5 absolute.
    private const float Tol = 1e-5f;

    [Fact]
    public void TransformMatrixConversionMatchesHandComputedWorldToView()
    {
        // OpenGL camera-to-world: camera at (0, 0, 0.7) looking down −z (towards the head at the origin), no rotation.
        var c2w = new double[,] { { 1, 0, 0, 0 }, { 0, 1, 0, 0 }, { 0, 0, 1, 0.7 }, { 0, 0, 0, 1 } };
        var cam = Camera.FromTransformMatrix(c2w, focal: 1200, width: 512, height: 512);
        // Negating columns 1 and 2 gives R = diag(1, −1, −1); w2c = [Rᵀ | −Rᵀ t] = diag(1, −1, −1), t = (0, 0, 0.7).
        var v = cam.WorldToView;
        Assert.Equal(1f, v.R00, Tol);
        Assert.Equal(-1f, v.R11, Tol);
        Assert.Equal(-1f, v.R22, Tol);
        Assert.Equal(0.7f, v.T2, Tol);
        Assert.Equal(0f, v.R01, Tol);
        // The origin is 0.7 in front; a point at +y (up in OpenGL) lands above the centre (smaller row).
        var (x, y, z) = cam.Project(Vector3.Zero);
        Assert.Equal(0.7f, z, Tol);
        Assert.Equal(255.5f, x, 1e-3f);
        Assert.Equal(255.5f, y, 1e-3f);
        var up = cam.Project(new Vector3(0, 0.07f, 0));
        Assert.Equal(255.5f - 1200f * 0.1f, up.Y, 1e-2f);
        Assert.Equal(0f, Vector3.Distance(cam.Center, new Vector3(0, 0, 0.7f)), Tol);
        Assert.Equal(2 * MathF.Atan(512f / 2400f), cam.FovX, Tol);
        Assert.Equal(1200f, cam.Fx, 1e-2f);
    }

    [Fact]
    public void LookAtPutsTargetAtImageCentreAndUpAbove()
    {
        var cam = Camera.LookAt(new Vector3(0.3f, 0.1f, 0.6f), Vector3.Zero, Vector3.UnitY, 0.5f, 320, 240);
        var (x, y, z) = cam.Project(Vector3.Zero);
        Assert.Equal(159.5f, x, 1e-3f);
        Assert.Equal(119.5f, y, 1e-3f);
        Assert.Equal(new Vector3(0.3f, 0.1f, 0.6f).Length(), z, Tol);
        Assert.True(cam.Project(new Vector3(0, 0.05f, 0)).Y < y, "world up must map to a smaller row");
        Assert.Equal(0f, Vector3.Distance(cam.Center, new Vector3(0.3f, 0.1f, 0.6f)), 1e-5f);
    }

    [Fact]
    public void RigidTransformInverseRoundTrips()
    {
        float c = MathF.Cos(0.4f), s = MathF.Sin(0.4f);
        var t = new RigidTransform(c, -s, 0, s, c, 0, 0, 0, 1, 0.1f, -0.2f, 0.3f);
        var p = new Vector3(0.5f, -1.5f, 2f);
        Assert.Equal(0f, Vector3.Distance(p, t.Inverse().Apply(t.Apply(p))), Tol);
    }

    [Fact]
    public void InvalidSizesAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Camera(RigidTransform.Identity, 1f, 1f, 0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Camera(RigidTransform.Identity, 4f, 1f, 10, 10));
    }
}
