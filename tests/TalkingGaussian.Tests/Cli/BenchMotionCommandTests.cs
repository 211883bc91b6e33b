using System.Text.Json;

namespace TalkingGaussian.Tests.Cli;

/// <summary><c>tg bench motion</c> end to end at a small size (redirects Console, so in the Console collection).</summary>
[Collection(ExclusiveCollection.Name)]
public class BenchMotionCommandTests
{
    [Theory]
    [InlineData("auto")]
    [InlineData("kernels")]
    public void JsonHasTheTimingsFlopsAndRatioPerFieldAndSize(string backend)
    {
        var (code, stdout, stderr) = Tg.Run("bench", "motion", "--sizes", "300", "--reps", "1", "--json", "--device", "cpu", "--backend", backend);
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length); // face, mouth
        foreach (var (line, field) in lines.Zip(new[] { "face", "mouth" }))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            Assert.Equal(field, r.GetProperty("field").GetString());
            Assert.Equal(300, r.GetProperty("gaussians").GetInt32());
            foreach (var key in new[] { "forward_ms", "backward_ms", "gflops", "kernel_over_reference" })
                Assert.True(r.GetProperty(key).GetDouble() > 0, key);
            // auto is the SIMD path on a CPU with AVX2 and FMA; the ILGPU kernels stay reachable by name
            string expected = backend == "kernels" || !TalkingGaussian.Compute.Simd.IsFast ? "kernels" : "simd";
            Assert.Equal(expected, r.GetProperty("backend").GetString());
        }
    }

    [Theory]
    [InlineData("--sizes", "0")]
    [InlineData("--fields", "torso")]
    [InlineData("--reps", "0")]
    [InlineData("--backend", "gpu")]
    public void BadArgumentsGiveOneLineAndExitCodeOne(string option, string value)
    {
        var (code, _, stderr) = Tg.Run("bench", "motion", option, value, "--device", "cpu");
        Assert.Equal(1, code);
        Assert.StartsWith("tg: ", stderr);
    }
}
