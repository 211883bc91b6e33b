using System.Text.Json;
using TalkingGaussian.Media;

namespace TalkingGaussian.Tests.Cli;

/// <summary><c>tg demo</c> and <c>tg bench render</c> end to end at small sizes (they redirect Console, so not in parallel).</summary>
[Collection(ExclusiveCollection.Name)]
public class RenderCommandsTests
{
    [Fact]
    public void DemoWritesAPngOfTheHeadAndPrintsItsPath()
    {
        var dir = Directory.CreateTempSubdirectory("tg-demo-");
        try
        {
            string path = Path.Combine(dir.FullName, "sub", "demo.png");
            var (code, stdout, stderr) = Tg.Run("demo", "--out", path, "--width", "64", "--height", "48", "--gaussians", "3000", "--device", "cpu");
            Assert.True(code == 0, stderr);
            Assert.Equal(Path.GetFullPath(path), stdout.Trim());
            var image = ImageIO.Load(path);
            Assert.Equal((64, 48), (image.Width, image.Height));
            // The centre shows the face, the top-left corner the background.
            int centre = 24 * 64 + 32;
            float dr = image.Pixels[centre] - image.Pixels[0];
            Assert.True(Math.Abs(dr) > 0.02f || Math.Abs(image.Pixels[2 * 64 * 48 + centre] - image.Pixels[2 * 64 * 48]) > 0.1f,
                "the demo image is uniform");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("kernels")]
    public void BenchRenderPrintsOneJsonObjectPerCase(string backend)
    {
        var (code, stdout, stderr) = Tg.Run("bench", "render", "--json", "--sizes", "100", "300", "--width", "48", "--height", "32",
            "--reps", "1", "--device", "cpu", "--backend", backend);
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var doc = JsonDocument.Parse(lines[1]);
        var r = doc.RootElement;
        Assert.Equal(300, r.GetProperty("gaussians").GetInt32());
        Assert.Equal(48, r.GetProperty("width").GetInt32());
        Assert.Equal(32, r.GetProperty("height").GetInt32());
        Assert.True(r.GetProperty("forward_ms").GetDouble() > 0);
        Assert.True(r.GetProperty("backward_ms").GetDouble() > 0);
        Assert.True(r.GetProperty("evals_per_s_per_core").GetDouble() > 0);
        Assert.True(r.GetProperty("ilgpu_over_reference").GetDouble() > 0);
        Assert.True(r.GetProperty("step_over_reference").GetDouble() > 0);
        Assert.True(r.GetProperty("forward_stages_ms").GetProperty("blend").GetDouble() > 0);
        Assert.StartsWith("CPU", r.GetProperty("device").GetString());
        // auto is the SIMD rasterizer on a CPU with AVX2 and FMA; the ILGPU kernels stay reachable by name
        Assert.Equal(backend == "kernels" || !TalkingGaussian.Compute.Simd.IsFast ? "kernels" : "simd", r.GetProperty("backend").GetString());
    }

    [Theory]
    [InlineData("--width", "demo", "--width", "5")]
    [InlineData("--gaussians", "demo", "--gaussians", "10")]
    [InlineData("--sizes", "bench", "render", "--sizes", "0")]
    [InlineData("--reps", "bench", "render", "--reps", "0")]
    [InlineData("--backend", "bench", "render", "--backend", "gpu")]
    public void BadArgumentsGiveAClearErrorAndExitCode1(string named, params string[] args)
    {
        var (code, _, stderr) = Tg.Run(args);
        Assert.Equal(1, code);
        Assert.StartsWith("tg: ", stderr); // one clear line, no stack trace
        Assert.Contains(named, stderr);
        Assert.DoesNotContain("   at ", stderr);
    }
}
