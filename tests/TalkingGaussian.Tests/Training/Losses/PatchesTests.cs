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
        // A zero-sized image has no tiles (it is not an error); a negative size or patch size is.
        Assert.Empty(Patches.Origins(0, 64, 32));
        Assert.Empty(Patches.Origins(64, 0, 32));
        Assert.Contains("must be positive; got 0", Assert.Throws<ArgumentOutOfRangeException>(() => Patches.Origins(64, 64, 0)).Message);
        Assert.Contains("got -1×64", Assert.Throws<ArgumentOutOfRangeException>(() => Patches.Origins(-1, 64, 32)).Message);
        Assert.Contains("got 64×-1", Assert.Throws<ArgumentOutOfRangeException>(() => Patches.Origins(64, -1, 32)).Message);
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
    public void ACropMayTouchTheRightAndBottomEdges()
    {
        // The 3×2 crop at (4, 3) of a 7×5 image covers its last three columns and last two rows.
        const int c = 2, width = 7, height = 5;
        var image = Enumerable.Range(0, c * width * height).Select(i => (float)i).ToArray();
        var crop = new float[c * 2 * 3];
        Patches.Extract(image, c, width, height, 4, 3, 3, 2, crop);
        Assert.Equal([25f, 26f, 27f, 32f, 33f, 34f, 60f, 61f, 62f, 67f, 68f, 69f], crop);
    }

    [Fact]
    public void BadImageShapesAreRefusedAsSuch()
    {
        // Each shape holds exactly as many floats as it claims (0 for a zero extent), so only the size checks can refuse
        // it; the message names the image, not the crop.
        void Refused(int channels, int width, int height, string what)
        {
            var e = Assert.Throws<ArgumentException>(() => Patches.Extract([], channels, width, height, 0, 0, 2, 2, []));
            Assert.Contains(what, e.Message);
        }
        Refused(0, 8, 8, "a planar [0, 8, 8] image");
        Refused(3, 0, 8, "a planar [3, 8, 0] image");
        Refused(3, 8, 0, "a planar [3, 0, 8] image");
        var wrong = Assert.Throws<ArgumentException>(() => Patches.Extract(new float[10], 3, 4, 5, 0, 0, 2, 2, new float[12]));
        Assert.Contains("holds 10 floats; a planar [3, 5, 4] image holds 60", wrong.Message);
    }

    [Fact]
    public void CropsOutsideTheImageAreRefused()
    {
        var image = new float[3 * 8 * 8];
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Patches.Extract(image, 3, 8, 8, 6, 0, 4, 4, new float[48]));
        Assert.Contains("4×4 crop at (6, 0)", e.Message);
        // Every side on its own: past the bottom, left of (x = −1 on row 1 would read the end of row 0) and above the
        // image, and empty crops (which would copy nothing and so not fail by themselves).
        foreach (var (x, y, w, h) in new[] { (0, 6, 4, 4), (-1, 1, 4, 4), (1, -1, 4, 4), (0, 0, 0, 4), (0, 0, 4, 0) })
        {
            e = Assert.Throws<ArgumentOutOfRangeException>(() => Patches.Extract(image, 3, 8, 8, x, y, w, h, new float[3 * w * h]));
            Assert.Contains($"{w}×{h} crop at ({x}, {y}) does not lie inside", e.Message);
        }
        var crop = Assert.Throws<ArgumentException>(() => Patches.Extract(image, 3, 8, 8, 0, 0, 4, 5, new float[47]));
        Assert.Contains("holds 47 floats; a [3, 5, 4] crop holds 60", crop.Message);
        Assert.Throws<ArgumentException>(() => Patches.AddBack(new float[48], 3, 8, 7, 0, 0, 4, 4, image));
    }
}
