using TalkingGaussian.Training.Losses;

namespace TalkingGaussian.Tests.Training.Losses;

public class MaskMorphologyTests
{
    /// <summary>Rows of '#' (true) and '.' (false).</summary>
    private static bool[] Mask(params string[] rows) => rows.SelectMany(r => r.Select(c => c == '#')).ToArray();

    private static string[] Rows(bool[] mask, int width) =>
        Enumerable.Range(0, mask.Length / width).Select(r => new string(mask.Skip(r * width).Take(width).Select(b => b ? '#' : '.').ToArray())).ToArray();

    private static string[] Close(params string[] rows)
    {
        var mask = Mask(rows);
        var output = new bool[mask.Length];
        MaskMorphology.Close3x3(mask, rows[0].Length, rows.Length, output);
        return Rows(output, rows[0].Length);
    }

    [Fact]
    public void GapsOfOneAndTwoPixelsCloseAndAGapOfThreeStaysOpen()
    {
        // Dilation grows each side by one pixel, so gaps of ≤ 2 vanish; erosion then removes only pixels next to a pixel
        // the dilation did not reach. With two empty rows and columns of margin the border plays no part.
        string[] Padded(string row) => [new('.', row.Length), new('.', row.Length), row, new('.', row.Length), new('.', row.Length)];
        Assert.Equal(Padded("..###.."), Close(Padded("..#.#..")));
        Assert.Equal(Padded("..####.."), Close(Padded("..#..#..")));
        Assert.Equal(Padded("..#...#.."), Close(Padded("..#...#..")));
        Assert.Equal(Padded("..###...."), Close(Padded("..###....")));
    }

    [Fact]
    public void TheImageBorderDoesNotErode()
    {
        // The max-pool pads with −∞ and the min-pool (a max-pool of −mask) with +∞: only in-image neighbours count.
        // A corner pixel therefore survives (zero padding would erode it away), a full mask stays full, and a shape
        // within one pixel of the edge grows to the edge.
        Assert.Equal(["#....", ".....", "....."], Close("#....", ".....", "....."));
        Assert.Equal(["####", "####", "####"], Close("####", "####", "####"));
        Assert.Equal(["###..", "###..", "###.."], Close(".....", ".##..", "....."));
        Assert.Equal(["#"], Close("#"));
    }

    [Fact]
    public void BadShapesAreRefused()
    {
        var mask = new bool[6];
        var e = Assert.Throws<ArgumentException>(() => MaskMorphology.Close3x3(mask, 4, 2, new bool[6]));
        Assert.Contains("holds 6 pixels; an [H, W] = [2, 4] mask holds 8", e.Message);
        e = Assert.Throws<ArgumentException>(() => MaskMorphology.Close3x3(mask, 3, 2, new bool[5]));
        Assert.Contains("output holds 5 pixels; it must match the mask (6)", e.Message);
        e = Assert.Throws<ArgumentException>(() => MaskMorphology.Close3x3(mask, 3, 2, mask));
        Assert.Contains("must not overlap", e.Message);
        // A zero width or height is refused even with the (empty) mask that size would hold.
        Assert.Throws<ArgumentException>(() => MaskMorphology.Close3x3([], 0, 2, []));
        Assert.Throws<ArgumentException>(() => MaskMorphology.Close3x3([], 3, 0, []));
    }

    [Fact]
    public void AWarmCloseAllocatesNothing()
    {
        // The dilation buffer is rented and given back, so only the first call may allocate it. A 300×400 mask rents from
        // the 2^17 bucket, which no other code uses for bool; a buffer not given back would cost ≥ 120 000 bytes a call.
        const int width = 400, height = 300;
        var mask = Enumerable.Range(0, width * height).Select(i => i % 7 == 0).ToArray();
        var output = new bool[mask.Length];
        MaskMorphology.Close3x3(mask, width, height, output);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 4; i++) MaskMorphology.Close3x3(mask, width, height, output);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
