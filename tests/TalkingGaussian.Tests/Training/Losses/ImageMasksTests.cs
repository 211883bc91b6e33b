using TalkingGaussian.Data;
using TalkingGaussian.Training.Losses;

namespace TalkingGaussian.Tests.Training.Losses;

public class ImageMasksTests
{
    [Fact]
    public void PaintSetsAllThreeChannelsOfMaskedPixelsOnly()
    {
        // 2×2 image, channel c holds 10c + p; pixels 1 and 2 painted green.
        var image = Enumerable.Range(0, 12).Select(i => (float)(10 * (i / 4) + i % 4)).ToArray();
        ImageMasks.Paint(image, [false, true, true, false], (0f, 1f, 0f));
        Assert.Equal([0f, 0f, 0f, 3f, 10f, 1f, 1f, 13f, 20f, 0f, 0f, 23f], image);
    }

    [Fact]
    public void ZeroWhereCutsPaintedPixelsOutOfTheGradient()
    {
        var gradient = Enumerable.Repeat(0.5f, 12).ToArray();
        ImageMasks.ZeroWhere(gradient, [true, false, false, true]);
        Assert.Equal([0f, 0.5f, 0.5f, 0f, 0f, 0.5f, 0.5f, 0f, 0f, 0.5f, 0.5f, 0f], gradient);
        var e = Assert.Throws<ArgumentException>(() => ImageMasks.ZeroWhere(gradient, new bool[5]));
        Assert.Contains("holds 12 floats and the mask 5 pixels", e.Message);
    }

    [Fact]
    public void TheLipsBoxIsClippedToTheImage()
    {
        var mask = Enumerable.Repeat(true, 20).ToArray(); // overwritten, not OR-ed
        ImageMasks.Rectangle(new LipsRectangle(-2, 2, 3, 9), 5, 4, mask);
        // Rows 0..1, cols 3..4 of a 5×4 image.
        var expected = new bool[20];
        foreach (int p in new[] { 3, 4, 8, 9 }) expected[p] = true;
        Assert.Equal(expected, mask);
        ImageMasks.Rectangle(new LipsRectangle(5, 9, 0, 2), 5, 4, mask);
        Assert.DoesNotContain(true, mask);
        // Rows inside, columns entirely right of the image (c0 = 7 > c1 = 5): empty, not a negative-length fill.
        Array.Fill(mask, true);
        ImageMasks.Rectangle(new LipsRectangle(1, 3, 7, 9), 5, 4, mask);
        Assert.DoesNotContain(true, mask);
    }

    [Fact]
    public void TheLipsBoxNeedsAPositiveSizeAndAMaskOfThatSize()
    {
        var rect = new LipsRectangle(0, 2, 0, 2);
        // A zero width or height is refused even with the (empty) mask that size would hold.
        Assert.Throws<ArgumentException>(() => ImageMasks.Rectangle(rect, 0, 4, []));
        Assert.Throws<ArgumentException>(() => ImageMasks.Rectangle(rect, 5, 0, []));
        var e = Assert.Throws<ArgumentException>(() => ImageMasks.Rectangle(rect, 5, 4, new bool[21]));
        Assert.Contains("holds 21 pixels; an [H, W] = [4, 5] mask holds 20", e.Message);
    }
}
