using OpenCvSharp;
using TalkingGaussian.Preparation;

namespace TalkingGaussian.Tests.Preparation;

/// <summary><see cref="BackgroundPlate"/> against a brute-force reading of the original's algorithm on small frames.</summary>
public sealed class BackgroundPlateTests
{
    private const int W = 48, H = 36;

    [Fact]
    public void Matches_the_brute_force_algorithm()
    {
        // Three frames, a "person" rectangle moving right; each frame's pixels carry its index so the source is visible.
        var people = new[] { new Rect(4, 10, 10, 26), new Rect(18, 10, 10, 26), new Rect(32, 10, 10, 26) };
        var frames = people.Select((_, f) => Frame(f)).ToArray();
        var classes = people.Select(Classes).ToArray();
        using var plate = new BackgroundPlate(W, H);
        for (int f = 0; f < frames.Length; f++) plate.Add(frames[f], classes[f]);
        using var built = plate.Build();

        // Reference: exact distances by brute force.
        var best = new double[W * H];
        var source = new int[W * H];
        Array.Fill(best, -1);
        for (int f = 0; f < frames.Length; f++)
            for (int i = 0; i < W * H; i++)
            {
                double d = Nearest(i, j => classes[f][j] != (byte)ParsingClass.Background);
                if (d > best[i]) (best[i], source[i]) = (d, f);
            }
        double worst = 0;
        for (int i = 0; i < W * H; i++)
        {
            var got = built.At<Vec3b>(i / W, i % W);
            if (best[i] > BackgroundPlate.MinDistance)
            {
                Assert.Equal(Color(source[i], i), got);
                continue;
            }
            // Unknown pixels copy a nearest known pixel; OpenCV's labelled transform uses the 5×5 mask, so the pixel it
            // picks may be slightly farther than the exact nearest (measured 0.00 px on these frames).
            double exact = Nearest(i, j => best[j] > BackgroundPlate.MinDistance);
            double picked = double.MaxValue;
            for (int j = 0; j < W * H; j++)
                if (best[j] > BackgroundPlate.MinDistance && Color(source[j], j) == got)
                    picked = Math.Min(picked, Math.Sqrt(Math.Pow(i % W - j % W, 2) + Math.Pow(i / W - j / W, 2)));
            worst = Math.Max(worst, picked - exact);
        }
        Assert.True(worst < 0.5, $"an unknown pixel copied a known pixel {worst:F2} px farther than the nearest");
        foreach (var f in frames) f.Dispose();
    }

    private static byte[] Classes(Rect person)
    {
        var c = new byte[W * H];
        for (int y = person.Top; y < person.Bottom; y++)
            for (int x = person.Left; x < person.Right; x++) c[y * W + x] = (byte)ParsingClass.Torso;
        return c;
    }

    /// <summary>Frame <paramref name="f"/>: blue = the frame index × 80, green and red = the pixel's column and row, so every (frame, pixel) colour is unique.</summary>
    private static Mat Frame(int f)
    {
        var m = new Mat(H, W, MatType.CV_8UC3);
        for (int i = 0; i < W * H; i++) m.Set(i / W, i % W, Color(f, i));
        return m;
    }

    private static Vec3b Color(int f, int i) => new((byte)(80 * f), (byte)(i % W), (byte)(i / W));

    private static double Nearest(int i, Func<int, bool> member)
    {
        double best = double.MaxValue;
        for (int j = 0; j < W * H; j++)
            if (member(j)) best = Math.Min(best, Math.Sqrt(Math.Pow(i % W - j % W, 2) + Math.Pow(i / W - j / W, 2)));
        return best;
    }
}
