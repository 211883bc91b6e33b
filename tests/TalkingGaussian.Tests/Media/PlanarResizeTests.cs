using TalkingGaussian.Media;

namespace TalkingGaussian.Tests.Media;

public sealed class PlanarResizeTests
{
    [Fact]
    public void The_same_size_is_copied_unchanged()
    {
        var image = new PlanarImage(5, 3, 2, Enumerable.Range(0, 30).Select(i => i * 0.1f).ToArray());
        var target = new float[30];
        PlanarResize.Bilinear(image, 5, 3, target);
        Assert.Equal(image.Pixels, target);
    }

    /// <summary>
    /// A ramp v = x on pixel centres stays a ramp when doubled: target pixel centre x' maps to (x' + ½)/2 − ½, clamped to the
    /// first and last source centres at the edges. Worked by hand for 4 → 8: 0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3.
    /// </summary>
    [Fact]
    public void A_ramp_doubles_to_the_ramp_of_the_pixel_centres()
    {
        var image = new PlanarImage(4, 1, 1, [0f, 1f, 2f, 3f]);
        var target = new float[8];
        PlanarResize.Bilinear(image, 8, 1, target);
        Assert.Equal([0f, 0.25f, 0.75f, 1.25f, 1.75f, 2.25f, 2.75f, 3f], target);

        var down = new float[2];
        PlanarResize.Bilinear(image, 2, 1, down); // centres 0.5 and 2.5
        Assert.Equal([0.5f, 2.5f], down);
    }
}
