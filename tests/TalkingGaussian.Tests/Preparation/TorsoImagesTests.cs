using OpenCvSharp;
using TalkingGaussian.Preparation;

namespace TalkingGaussian.Tests.Preparation;

/// <summary><see cref="TorsoImages"/> on a drawn frame: face over a neck over a torso, each class one colour.</summary>
public sealed class TorsoImagesTests
{
    private const int W = 20, H = 30;
    private static readonly Vec3b FaceColor = new(200, 150, 120), NeckColor = new(100, 120, 180), TorsoColor = new(50, 60, 200), Plate = new(10, 20, 30);

    [Fact]
    public void Ground_truth_and_torso_follow_the_originals_rules()
    {
        // Face: rows 0–9, and rows 10–14 beside the neck (cols 4–7, 12–15); neck rows 10–14, cols 8–11; torso rows 15–29.
        var classes = new byte[W * H];
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
            {
                ParsingClass c = ParsingClass.Background;
                if (y < 10 && x is >= 4 and <= 15) c = ParsingClass.Face;
                else if (y < 15 && x is >= 8 and <= 11) c = ParsingClass.Neck;
                else if (y < 15 && x is >= 4 and <= 15) c = ParsingClass.Face;
                else if (y >= 15) c = ParsingClass.Torso;
                classes[y * W + x] = (byte)c;
            }
        using var frame = new Mat(H, W, MatType.CV_8UC3);
        for (int i = 0; i < W * H; i++)
            frame.Set(i / W, i % W, (ParsingClass)classes[i] switch
            {
                ParsingClass.Face => FaceColor, ParsingClass.Neck => NeckColor, ParsingClass.Torso => TorsoColor, _ => new Vec3b(255, 255, 255),
            });
        using var plate = new Mat(H, W, MatType.CV_8UC3, new Scalar(Plate.Item0, Plate.Item1, Plate.Item2));
        using var gt = new Mat();
        using var torso = new Mat();
        using var maker = new TorsoImages();
        maker.Make(frame, classes, plate, gt, torso);

        // gt: background replaced by the plate, everything else kept.
        Assert.Equal(Plate, gt.At<Vec3b>(3, 1));
        Assert.Equal(FaceColor, gt.At<Vec3b>(3, 6));
        Assert.Equal(TorsoColor, gt.At<Vec3b>(20, 1));
        int Alpha(int y, int x) => torso.At<Vec4b>(y, x).Item3;
        // Torso columns under the face (4–7, 12–15) reach 9 px up (rows 7–15), darkened 0.98 per pixel; others do not.
        Assert.Equal(255, Alpha(7, 5));
        Assert.Equal(0, Alpha(6, 5));
        Assert.Equal(0, Alpha(14, 1));
        var darkened = torso.At<Vec4b>(12, 5);
        Assert.Equal((byte)(TorsoColor.Item2 * Math.Pow(0.98, 3)), darkened.Item2);
        // The neck, dilated to rows 7–17, pushed down 4 px to row 11, reaches 53 px up to the top of the frame.
        Assert.Equal(255, Alpha(0, 9));
        Assert.Equal(255, Alpha(17, 9));
        // Outside neck, torso and extensions: transparent and black.
        Assert.Equal(0, Alpha(3, 1));
        Assert.Equal(new Vec4b(0, 0, 0, 0), torso.At<Vec4b>(3, 1));
        // The neck's extension is blurred (a face-coloured neighbour bleeds in), its colour near the neck's.
        var n = torso.At<Vec4b>(5, 9);
        Assert.InRange(n.Item0, 60, 160);
    }
}
