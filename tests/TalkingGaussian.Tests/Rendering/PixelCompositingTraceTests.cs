using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Rendering;

public class PixelCompositingTraceTests
{
    [Fact]
    public void Trace_totals_equal_the_rendered_pixel()
    {
        var g = SyntheticScenes.RandomCloud(60, seed: 3, precomputedColors: true, minScale: 0.05f, maxScale: 0.2f);
        var camera = SyntheticScenes.FrontCamera(48, 40);
        var settings = new RasterSettings { Background = (0.2f, 0.3f, 0.4f) };
        using var rasterizer = new ReferenceRasterizer();
        var output = rasterizer.Forward(g, camera, settings);
        int checkedPixels = 0;
        foreach (var (x, y) in new[] { (24, 20), (5, 7), (40, 33), (17, 29) })
        {
            var trace = PixelCompositingTrace.At(g, camera, x, y, settings);
            int p = y * 48 + x;
            Assert.Equal(output.Color[p], trace.Color.R, 5);
            Assert.Equal(output.Color[48 * 40 + p], trace.Color.G, 5);
            Assert.Equal(output.Alpha[p], trace.Alpha, 5);
            Assert.Equal(trace.Alpha, trace.Steps.Sum(s => s.Weight), 4);
            Assert.True(trace.Steps.Zip(trace.Steps.Skip(1)).All(pair => pair.First.Depth <= pair.Second.Depth), "front to back");
            if (trace.Steps.Count > 0) checkedPixels++;
        }
        Assert.True(checkedPixels >= 3);
    }

    [Fact]
    public void Sh_colours_are_refused_with_the_fix()
    {
        var g = SyntheticScenes.RandomCloud(3, seed: 1);
        var e = Assert.Throws<ArgumentException>(() => PixelCompositingTrace.At(g, SyntheticScenes.FrontCamera(16, 16), 1, 1));
        Assert.Contains("Colors", e.Message);
    }
}
