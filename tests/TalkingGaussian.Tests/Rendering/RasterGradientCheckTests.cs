using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Rendering;

public class RasterGradientCheckTests
{
    [Fact]
    public void Reference_rasterizer_gradients_agree_with_finite_differences()
    {
        var g = SyntheticScenes.RandomCloud(8, seed: 5, precomputedColors: true, extent: 0.5f, minScale: 0.12f, maxScale: 0.3f,
            minOpacity: 0.2f, maxOpacity: 0.6f);
        using var rasterizer = new ReferenceRasterizer();
        var rows = RasterGradientCheck.Run(rasterizer, g, SyntheticScenes.FrontCamera(32, 32), [0, 3, 7]);
        Assert.Equal(24, rows.Count);
        var relative = rows.Select(r => r.RelativeError).OrderBy(e => e).ToArray();
        Assert.True(relative[relative.Length / 2] < 0.01, $"median relative error {relative[relative.Length / 2]:G3}");
        Assert.True(rows.Count(r => r.RelativeError > 0.05 && r.AbsoluteError > 1e-3) <= 2,
            string.Join("; ", rows.Where(r => r.RelativeError > 0.05).Select(r => $"{r.Parameter}: {r.Analytic:G4} vs {r.Numeric:G4}")));
    }

    [Fact]
    public void A_wrong_gradient_is_caught()
    {
        var row = new GradientCheckRow("μx[0]", 1.0, 0.5);
        Assert.Equal(0.5, row.RelativeError, 6);
    }
}
