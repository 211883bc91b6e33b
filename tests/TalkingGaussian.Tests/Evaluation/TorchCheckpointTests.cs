using TalkingGaussian.Evaluation.Lpips;
using TalkingGaussian.Tests.Gaussians;

namespace TalkingGaussian.Tests.Evaluation;

public sealed class TorchCheckpointTests : TempFolderTest
{
    private static List<TorchFileWriter.Entry> Entries() =>
    [
        new("features.0.weight", [2, 3], [1, 2, 3, 4, 5, 6]),
        // a transposed view: storage holds [[1, 2], [3, 4], [5, 6]] (3×2); the tensor is its 2×3 transpose
        new("transposed", [2, 3], [1, 2, 3, 4, 5, 6], Stride: [1, 2]),
        // a view starting at element 2 of its storage
        new("offset", [3], [9, 9, 7, 8, 6], Offset: 2),
    ];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Both_file_formats_give_names_shapes_and_values(bool zip)
    {
        var path = Path.Combine(TempFolder(), "w.pth");
        if (zip) TorchFileWriter.WriteZip(path, Entries());
        else TorchFileWriter.WriteLegacy(path, Entries());

        var t = TorchCheckpoint.Load(path);

        Assert.Equal(3, t.Count);
        Assert.Equal([2, 3], t["features.0.weight"].Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6], t["features.0.weight"].Data);
        Assert.Equal([1f, 3, 5, 2, 4, 6], t["transposed"].Data);
        Assert.Equal([7f, 8, 6], t["offset"].Data);
    }

    [Fact]
    public void A_file_that_is_not_a_checkpoint_names_the_file()
    {
        var path = Path.Combine(TempFolder(), "notes.pth");
        File.WriteAllText(path, "these are not weights");
        var e = Assert.Throws<InvalidDataException>(() => TorchCheckpoint.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_truncated_storage_is_reported()
    {
        var path = Path.Combine(TempFolder(), "cut.pth");
        TorchFileWriter.WriteLegacy(path, Entries());
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^6]);
        var e = Assert.Throws<InvalidDataException>(() => TorchCheckpoint.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Missing_lpips_tensor_names_the_key_and_the_file_to_use()
    {
        var folder = TempFolder();
        var (alex, lin) = LpipsTestWeights.Make(LpipsTestWeights.NarrowChannels, 1);
        var alexPath = Path.Combine(folder, LpipsWeights.AlexNetFile);
        var linPath = Path.Combine(folder, LpipsWeights.LinearFile);
        TorchFileWriter.WriteZip(alexPath, alex);
        TorchFileWriter.WriteZip(linPath, lin.Where(e => e.Name != "lin3.model.1.weight").ToList());
        var e = Assert.Throws<InvalidDataException>(() => LpipsWeights.Load(alexPath, linPath));
        Assert.Contains("lin3.model.1.weight", e.Message);
        Assert.Contains(linPath, e.Message);
    }
}
