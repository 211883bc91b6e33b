using TalkingGaussian.Training.Losses;

namespace TalkingGaussian.Tests.Training.Losses;

public class PatchesTests
{
    [Fact]
    public void TilesStartTopLeftAndTheRemainderIsDropped()
    {
        // 100×70 with p = 32: ⌊100/32⌋ = 3 columns, ⌊70/32⌋ = 2 rows; the last 4 columns and 6 rows are not covered.
        Assert.Equal([(0, 0), (32, 0), (64, 0), (0, 32), (32, 32), (64, 32)], Patches.Origins(100, 70, 32).ToArray());
        Assert.Empty(Patches.Origins(31, 200, 32));
        Assert.Equal([(0, 0)], Patches.Origins(64, 64, 64).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => Patches.Origins(64, 64, 0));
    }

    [Fact]
    public void ExtractCopiesThePlanarCropAndAddBackAddsIntoTheSameRegion()
    {
        const int c = 3, width = 7, height = 5, x = 2, y = 1, w = 3, h = 2;
        var image = Enumerable.Range(0, c * width * height).Select(i => (float)i).ToArray();
        var crop = new float[c * h * w];
        Patches.Extract(image, c, width, height, x, y, w, h, crop);
        for (int ch = 0; ch < c; ch++)
        for (int r = 0; r < h; r++)
        for (int col = 0; col < w; col++)
            Assert.Equal(ch * width * height + (y + r) * width + x + col, crop[(ch * h + r) * w + col]);

        var gradient = Enumerable.Repeat(1f, image.Length).ToArray();
        Patches.AddBack(crop, c, width, height, x, y, w, h, gradient);
        for (int i = 0; i < image.Length; i++)
        {
            int col = i % width, row = i / width % height;
            bool inside = col >= x && col < x + w && row >= y && row < y + h;
            Assert.Equal(inside ? 1f + image[i] : 1f, gradient[i]);
        }
    }

    [Fact]
    public void CropsOutsideTheImageAreRefused()
    {
        var image = new float[3 * 8 * 8];
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Patches.Extract(image, 3, 8, 8, 6, 0, 4, 4, new float[48]));
        Assert.Contains("4×4 crop at (6, 0)", e.Message);
        Assert.Throws<ArgumentException>(() => Patches.Extract(image, 3, 8, 8, 0, 0, 4, 4, new float[47]));
        Assert.Throws<ArgumentException>(() => Patches.AddBack(new float[48], 3, 8, 7, 0, 0, 4, 4, image));
    }
}
