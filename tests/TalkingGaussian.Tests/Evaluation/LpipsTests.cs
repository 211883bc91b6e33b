using TalkingGaussian.Evaluation.Lpips;
using TalkingGaussian.Tests.Gaussians;

namespace TalkingGaussian.Tests.Evaluation;

public sealed class LpipsTests : TempFolderTest
{
    private const int W = 40, H = 36;

    [Fact]
    public void Forward_matches_the_scalar_reference()
    {
        var weights = LpipsTestWeights.WriteAndLoad(TempFolder(), LpipsTestWeights.NarrowChannels, 3);
        var a = LpipsTestWeights.Image(W, H, 1);
        var b = LpipsTestWeights.Image(W, H, 2);
        double reference = new LpipsReference(weights).Distance(a, b, W, H);
        float fast = new LpipsAlex(weights).Distance(a, b, W, H, Span<float>.Empty, 0f);
        Assert.True(reference > 1e-3, $"distance {reference} too small to test");
        Assert.Equal(reference, fast, reference * 3e-6); // measured relative difference 2.7e-7
    }

    [Fact]
    public void Full_size_alexnet_files_load_and_match_the_reference()
    {
        var weights = LpipsTestWeights.WriteAndLoad(TempFolder(), LpipsTestWeights.AlexNetChannels, 5);
        Assert.Equal([64, 192, 384, 256, 256], weights.Convolutions.Select(c => c.Out));
        var a = LpipsTestWeights.Image(32, 32, 3);
        var b = LpipsTestWeights.Image(32, 32, 4);
        double reference = new LpipsReference(weights).Distance(a, b, 32, 32);
        float fast = new LpipsAlex(weights).Distance(a, b, 32, 32, Span<float>.Empty, 0f);
        Assert.Equal(reference, fast, reference * 2e-7); // measured relative difference 1.4e-8
    }

    [Fact]
    public void Gradient_matches_the_scalar_reference()
    {
        var weights = LpipsTestWeights.WriteAndLoad(TempFolder(), LpipsTestWeights.NarrowChannels, 3);
        var a = LpipsTestWeights.Image(W, H, 1);
        var b = LpipsTestWeights.Image(W, H, 2);
        var expected = new double[a.Length];
        new LpipsReference(weights).Distance(a, b, W, H, expected);
        var got = new float[a.Length];
        Array.Fill(got, 1f); // the gradient is added to what is there
        new LpipsAlex(weights).Distance(a, b, W, H, got, 0.5f);
        double max = expected.Max(Math.Abs);
        Assert.True(max > 1e-4, $"gradient {max} too small to test");
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(got[i] - 1f - 0.5 * expected[i]) <= 1e-5 * max, // measured max difference 1.4e-6 of max
                $"element {i}: {got[i] - 1f} against {0.5 * expected[i]}");
    }

    [Fact]
    public void Reference_gradient_matches_finite_differences()
    {
        var weights = LpipsTestWeights.WriteAndLoad(TempFolder(), LpipsTestWeights.NarrowChannels, 3);
        var a = LpipsTestWeights.Image(W, H, 1);
        var b = LpipsTestWeights.Image(W, H, 2);
        var reference = new LpipsReference(weights);
        var analytic = new double[a.Length];
        reference.Distance(a, b, W, H, analytic);
        double max = analytic.Max(Math.Abs);
        var rng = new Random(11);
        for (int n = 0; n < 40; n++)
        {
            int i = rng.Next(a.Length);
            double numeric = FiniteDifferences.Central(a, i, 1e-3f, () => reference.Distance(a, b, W, H));
            Assert.True(Math.Abs(numeric - analytic[i]) <= 3e-6 * max, // measured max difference 3.1e-7 of max
                $"element {i}: finite difference {numeric}, analytic {analytic[i]} (max {max})");
        }
    }

    [Fact]
    public void Identical_images_are_at_distance_zero_with_zero_gradient()
    {
        var weights = LpipsTestWeights.WriteAndLoad(TempFolder(), LpipsTestWeights.NarrowChannels, 3);
        var a = LpipsTestWeights.Image(W, H, 1);
        var g = new float[a.Length];
        float d = new LpipsAlex(weights).Distance(a, a, W, H, g, 1f);
        Assert.Equal(0f, d);
        Assert.All(g, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Too_small_images_are_refused_with_the_minimum()
    {
        var weights = LpipsTestWeights.WriteAndLoad(TempFolder(), LpipsTestWeights.NarrowChannels, 3);
        var a = new float[3 * 30 * 30];
        var e = Assert.Throws<ArgumentException>(() => new LpipsAlex(weights).Distance(a, a, 30, 30, Span<float>.Empty, 0f));
        Assert.Contains("31", e.Message);
    }

    [Fact]
    public void Missing_files_make_lpips_unavailable_with_the_file_names()
    {
        var empty = TempFolder();
        var metric = LpipsModelFiles.TryLoad(empty, out var why);
        Assert.Null(metric);
        // AlexNet may sit in torchvision's download folder on a developer's machine; the lpips file is only looked for in models folders
        Assert.Contains("weights/v0.1/alex.pth", why);
        Assert.Contains(empty, why);
    }

    [Fact]
    public void Files_in_the_models_folder_are_found_and_loaded()
    {
        var folder = TempFolder();
        LpipsTestWeights.WriteAndLoad(folder, LpipsTestWeights.NarrowChannels, 3);
        var metric = LpipsModelFiles.TryLoad(folder, out _);
        Assert.NotNull(metric);
        Assert.Equal("lpips-alex-v0.1", metric.Name);
    }

    [Fact]
    public void Legacy_files_in_the_lpips_package_layout_load_to_the_same_metric()
    {
        var (alex, lin) = LpipsTestWeights.Make(LpipsTestWeights.NarrowChannels, 9);
        var zip = TempFolder();
        TorchFileWriter.WriteZip(Path.Combine(zip, LpipsWeights.AlexNetFile), alex);
        TorchFileWriter.WriteZip(Path.Combine(zip, LpipsWeights.LinearFile), lin);
        var legacy = TempFolder();
        var package = Path.Combine(legacy, "lpips", "weights", "v0.1");
        Directory.CreateDirectory(package);
        TorchFileWriter.WriteLegacy(Path.Combine(legacy, LpipsWeights.AlexNetFile), alex);
        TorchFileWriter.WriteLegacy(Path.Combine(package, LpipsWeights.LinearFile), lin);

        var a = LpipsTestWeights.Image(W, H, 1);
        var b = LpipsTestWeights.Image(W, H, 2);
        float fromZip = LpipsModelFiles.TryLoad(zip, out _)!.Distance(a, b, W, H, Span<float>.Empty, 0f);
        float fromLegacy = LpipsModelFiles.TryLoad(legacy, out _)!.Distance(a, b, W, H, Span<float>.Empty, 0f);
        Assert.Equal(fromZip, fromLegacy); // the same weights give bit-identical distances
    }
}
