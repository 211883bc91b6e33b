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
        Assert.Throws<ArgumentException>(() => MaskMorphology.Close3x3(mask, 4, 2, new bool[6]));
        Assert.Throws<ArgumentException>(() => MaskMorphology.Close3x3(mask, 3, 2, new bool[5]));
        Assert.Throws<ArgumentException>(() => MaskMorphology.Close3x3(mask, 3, 2, mask));
    }
}
