using System.Numerics;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Rendering;

public class GaussianGeometryTests
{
    [Fact]
    public void Covariance_of_an_unrotated_gaussian_is_the_squared_scales()
    {
        var sigma = GaussianGeometry.Covariance(new Vector3(1, 2, 3), Quaternion.Identity);
        Assert.Equal(new double[,] { { 1, 0, 0 }, { 0, 4, 0 }, { 0, 0, 9 } }, sigma);
    }

    [Fact]
    public void A_quarter_turn_about_z_swaps_the_x_and_y_variances()
    {
        var q = Quaternion.CreateFromAxisAngle(Vector3.UnitZ, MathF.PI / 2);
        var sigma = GaussianGeometry.Covariance(new Vector3(1, 2, 3), q);
        Assert.Equal(4, sigma[0, 0], 5);
        Assert.Equal(1, sigma[1, 1], 5);
        Assert.Equal(9, sigma[2, 2], 5);
        Assert.Equal(0, sigma[0, 1], 5);
    }

    [Fact]
    public void A_gaussian_at_the_origin_projects_to_the_image_centre_with_a_symmetric_footprint()
    {
        var camera = SyntheticScenes.FrontCamera(64, 48);
        var screen = GaussianGeometry.Project(Vector3.Zero, new Vector3(0.1f, 0.1f, 0.1f), Quaternion.Identity, camera);
        Assert.NotNull(screen);
        Assert.Equal(31.5f, screen!.X, 3);
        Assert.Equal(23.5f, screen.Y, 3);
        Assert.Equal(3f, screen.Depth, 3);
        // σ on screen ≈ f·s/z (+ the 0.3 px² low-pass).
        double expected = camera.Fx * 0.1 / 3;
        Assert.Equal(expected * expected + 0.3, screen.Sigma2D[0, 0], 2);
        Assert.Equal(screen.Sigma2D[0, 1], screen.Sigma2D[1, 0]);
        Assert.Null(GaussianGeometry.Project(new Vector3(0, 0, 5), Vector3.One * 0.1f, Quaternion.Identity, camera)); // behind the camera
    }
}
