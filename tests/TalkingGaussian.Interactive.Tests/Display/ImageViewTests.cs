using TalkingGaussian.Interactive;
using TalkingGaussian.Interactive.Images;
using TalkingGaussian.Media;

namespace TalkingGaussian.Interactive.Tests.Display;

public class ImageViewTests
{
    [Fact]
    public void Planar_rgb_image_round_trips_through_the_inline_png()
    {
        int w = 5, h = 3;
        var planar = new float[3 * w * h];
        for (int i = 0; i < planar.Length; i++) planar[i] = i / (float)planar.Length;
        var view = Show.Image(planar, w, h, "ramp");

        string base64 = view.Html.Split("base64,")[1].Split('"')[0];
        string path = Path.Combine(Path.GetTempPath(), $"tg-imageview-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(path, Convert.FromBase64String(base64));
        try
        {
            var back = ImageIO.Load(path);
            Assert.Equal((w, h), (back.Width, back.Height));
            for (int i = 0; i < planar.Length; i++) Assert.Equal(planar[i], back.Pixels[i], 1f / 255f);
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Contains("<figcaption", view.Html);
        Assert.Contains("ramp", view.Html);
    }

    [Fact]
    public void Grey_image_is_one_plane()
    {
        var view = ImageView.Of(new float[16], 4, 4);
        Assert.Equal(4, view.Width);
        Assert.StartsWith("\u0089PNG", System.Text.Encoding.Latin1.GetString(view.Png, 0, 4));
    }

    [Fact]
    public void Wrong_plane_count_names_the_sizes()
    {
        var e = Assert.Throws<ArgumentException>(() => ImageView.Of(new float[2 * 4 * 4], 4, 4));
        Assert.Contains("4×4", e.Message);
        Assert.Contains("32", e.Message);
    }

    [Fact]
    public void Grid_keeps_every_image_and_its_label()
    {
        var a = ImageView.Of(new float[4], 2, 2, "first");
        var b = ImageView.Of(new float[12], 2, 2, "second");
        var grid = Show.Grid([a, b], columns: 2);
        Assert.Equal(2, grid.Count);
        Assert.Contains("first", grid.Html);
        Assert.Contains("second", grid.Html);
        Assert.Contains("repeat(2,", grid.Html);
    }

    [Fact]
    public void Table_formats_numbers_invariantly_and_escapes_text()
    {
        var table = Show.Table(["name", "value"], [["<b>", 1234.5678], ["x", 0.000123456f]]);
        Assert.Contains("&lt;b&gt;", table.Html);
        Assert.Contains("1235", table.Html);
        Assert.Contains("0.0001235", table.Html);
        Assert.Throws<ArgumentException>(() => Show.Table(["a"], [["1", "2"]]));
    }
}
