using TalkingGaussian.Gaussians;
using TalkingGaussian.Rendering;
using TalkingGaussian.Tests.Rendering;

namespace TalkingGaussian.Tests.Gaussians;

public sealed class HalfTurnAboutXTests
{
    /// <summary>
    /// The turned field seen by the camera turned with it (world-to-view W·R, R = diag(1, −1, −1)) must render what the
    /// original field renders: positions, orientations and the view-dependent SH colour (degree 2, every band weighted) all
    /// turn together. A wrong SH sign moves colours by more than 0.1 here; the two renders differ only by float rounding.
    /// </summary>
    [Fact]
    public void The_turned_head_seen_by_the_turned_camera_renders_the_same_image()
    {
        var field = GaussianTestFields.Random(40, shDegree: 2, ScaleActivation.Softplus, seed: 5);
        field.ActiveShDegree = 2;
        for (int i = 0; i < field.Count; i++)
            for (int c = 0; c < 3; c++) field.Means[3 * i + c] *= 0.5f;
        var camera = RasterTestScenes.ObliqueCamera(48, 40);
        var w = camera.WorldToView;
        var turnedCamera = new Camera(w with { R01 = -w.R01, R02 = -w.R02, R11 = -w.R11, R12 = -w.R12, R21 = -w.R21, R22 = -w.R22 },
            camera.FovX, camera.FovY, camera.Width, camera.Height);
        var settings = new RasterSettings { Background = (0.2f, 0.4f, 0.6f) };

        int n = 3 * camera.Width * camera.Height;
        var before = new ReferenceRasterizer().Forward(field.Activate(), camera, settings).Color.AsSpan(0, n).ToArray();
        var after = new ReferenceRasterizer().Forward(HalfTurnAboutX.Apply(field).Activate(), turnedCamera, settings).Color.AsSpan(0, n).ToArray();
        double max = before.Zip(after, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(max < 1e-6, $"largest difference {max}"); // float rounding of the turned camera and directions: measured about 1e-7

        // The turn must matter for the test to mean anything: the same camera on the turned field sees something else.
        var unturnedView = new ReferenceRasterizer().Forward(HalfTurnAboutX.Apply(field).Activate(), camera, settings).Color.AsSpan(0, n).ToArray();
        Assert.True(before.Zip(unturnedView, (a, b) => Math.Abs(a - b)).Max() > 0.1);
    }

    [Fact]
    public void Turning_twice_gives_the_same_gaussians_back()
    {
        var field = GaussianTestFields.Random(10, shDegree: 3, ScaleActivation.Exp, seed: 2);
        var twice = HalfTurnAboutX.Apply(HalfTurnAboutX.Apply(field));
        GaussianTestFields.AssertBitEqual(field.Means, twice.Means, field.Means.Length, "Means");
        GaussianTestFields.AssertBitEqual(field.Sh, twice.Sh, field.Sh.Length, "Sh");
        GaussianTestFields.AssertBitEqual(field.ScalesRaw, twice.ScalesRaw, field.ScalesRaw.Length, "ScalesRaw");
        for (int j = 0; j < field.RotationsRaw.Length; j++) Assert.Equal(-field.RotationsRaw[j], twice.RotationsRaw[j]); // −q: the same rotation
    }
}
