using TalkingGaussian.Rendering;
using TalkingGaussian.Training;

namespace TalkingGaussian.Tests.Training;

public class ImageFitTests
{
    [Fact]
    public void Fitting_gaussians_to_the_face_target_lowers_the_l1_loss()
    {
        var target = FitTargets.Face(32, 32);
        using var rasterizer = new ReferenceRasterizer();
        int calls = 0;
        var result = ImageFit.Run(target, rasterizer, new ImageFitSettings { Gaussians = 96, Steps = 120, SnapshotEvery = 40 }, (_, _) => calls++);
        Assert.Equal(120, calls);
        Assert.Equal(120, result.Losses.Length);
        float start = result.Losses[0], end = result.Losses[^1];
        Assert.True(end < 0.6f * start, $"L1 went from {start:G3} to {end:G3}");
        Assert.Equal(3, result.Snapshots.Count);
        Assert.Equal(3 * 32 * 32, result.FinalColor.Length);
        Assert.All(result.Gaussians.Opacities, a => Assert.InRange(a, 0f, 1f));
    }

    [Fact]
    public void Face_target_has_the_expected_colours()
    {
        var face = FitTargets.Face(64, 64);
        Assert.Equal(0f, face[0, 0, 0]);            // black corner
        Assert.Equal(0.95f, face[0, 20, 32], 3);    // skin, above the eyes
        Assert.Throws<ArgumentOutOfRangeException>(() => FitTargets.Face(4, 4));
    }
}
