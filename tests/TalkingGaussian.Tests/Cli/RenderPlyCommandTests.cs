using TalkingGaussian.Gaussians;
using TalkingGaussian.Media;
using TalkingGaussian.Tests.Gaussians;

namespace TalkingGaussian.Tests.Cli;

/// <summary><c>tg render-ply</c> on a two-colour cloud: red above (+y), blue below.</summary>
[Collection(ExclusiveCollection.Name)]
public sealed class RenderPlyCommandTests : TempFolderTest
{
    private static PersistentGaussianField RedOverBlue()
    {
        const int n = 200;
        var f = new PersistentGaussianField(n, shDegree: 0);
        var rng = new Random(2);
        float dc = 0.5f / SphericalHarmonics.C0; // colour 0.5 ± 0.5
        for (int i = 0; i < n; i++)
        {
            bool red = i < n / 2;
            f.Means[3 * i] = 0.1f * (2 * rng.NextSingle() - 1);
            f.Means[3 * i + 1] = (red ? 0.5f : -0.5f) + 0.1f * (2 * rng.NextSingle() - 1);
            f.Means[3 * i + 2] = 0.1f * (2 * rng.NextSingle() - 1);
            for (int d = 0; d < 3; d++) f.ScalesRaw[3 * i + d] = -2.97f; // softplus⁻¹(0.05)
            f.RotationsRaw[4 * i] = 1f;
            f.OpacitiesRaw[i] = 3f;
            f.Sh[3 * i] = red ? dc : -dc;
            f.Sh[3 * i + 1] = -dc;
            f.Sh[3 * i + 2] = red ? -dc : dc;
        }
        return f;
    }

    /// <summary>Mean row of red-dominated and of blue-dominated pixels, and the share of non-white pixels.</summary>
    private static (double RedRow, double BlueRow, double Covered) Look(string png)
    {
        var img = ImageIO.Load(png);
        int n = img.Width * img.Height;
        double redRows = 0, blueRows = 0, reds = 0, blues = 0, covered = 0;
        for (int i = 0; i < n; i++)
        {
            float r = img.Pixels[i], g = img.Pixels[n + i], b = img.Pixels[2 * n + i];
            if (r + g + b < 2.7f) covered++;
            if (r > b + 0.3f && r > g + 0.3f) { redRows += i / img.Width; reds++; }
            if (b > r + 0.3f && b > g + 0.3f) { blueRows += i / img.Width; blues++; }
        }
        Assert.True(reds > 0 && blues > 0, $"{png}: {reds} red and {blues} blue pixels");
        return (redRows / reds, blueRows / blues, covered / n);
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("native")]
    public void Frames_the_cloud_with_the_chosen_axis_up(string layout)
    {
        var dir = TempFolder();
        var ply = Path.Combine(dir, "cloud.ply");
        if (layout == "standard") GaussianPly.ExportStandard(RedOverBlue(), ply);
        else GaussianPly.Save(RedOverBlue(), ply);

        var r = Tg.Run("render-ply", ply, "--width", "64", "--height", "48", "--device", "cpu");
        Assert.True(r.Code == 0, r.Err);
        var png = Path.Combine(dir, "cloud.png");
        Assert.Contains(png, r.Out);
        var (redRow, blueRow, covered) = Look(png);
        Assert.True(redRow < blueRow, $"red at row {redRow}, blue at row {blueRow}: +y should be up");
        Assert.InRange(covered, 0.05, 0.9); // framed: visible, not cropped to fill the frame

        var flipped = Path.Combine(dir, "flipped.png");
        Assert.Equal(0, Tg.Run("render-ply", ply, "--out", flipped, "--width", "64", "--height", "48", "--up", "-y", "--background", "0.2,0.2,0.2", "--device", "cpu").Code);
        var (r2, b2, _) = Look(flipped);
        Assert.True(r2 > b2, $"with --up -y red should be below blue (rows {r2}, {b2})");
    }

    [Fact]
    public void Bad_options_exit_with_one_line()
    {
        var dir = TempFolder();
        var ply = Path.Combine(dir, "cloud.ply");
        GaussianPly.Save(RedOverBlue(), ply);
        var r = Tg.Run("render-ply", ply, "--up", "sideways");
        Assert.Equal(1, r.Code);
        Assert.Contains("--up", r.Err);
        r = Tg.Run("render-ply", Path.Combine(dir, "missing.ply"));
        Assert.Equal(1, r.Code);
        Assert.Contains("no such file", r.Err);
        Assert.False(File.Exists(Path.Combine(dir, "cloud.png")));
    }
}
