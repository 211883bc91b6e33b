using TalkingGaussian.Preparation;
using TalkingGaussian.Tests.Data;

namespace TalkingGaussian.Tests.Preparation;

/// <summary>The model cache: hashes decide what is present, and a missing model names the command that fetches it.</summary>
public sealed class ModelStoreTests : DataTempTest
{
    [Fact]
    public void A_file_with_the_wrong_hash_counts_as_missing()
    {
        var store = new ModelStore(TempFolder());
        File.Copy(PreparationModels.Store.PathOf(ModelStore.FaceMesh), store.PathOf(ModelStore.FaceMesh));
        File.WriteAllText(store.PathOf(ModelStore.FaceDetector), "damaged");
        var missing = store.Missing(ModelStore.Models);
        Assert.DoesNotContain(ModelStore.FaceMesh, missing);
        Assert.Contains(ModelStore.FaceDetector, missing);
        Assert.Contains(ModelStore.SelfieSegmentation, missing);
        Assert.Empty(PreparationModels.Store.Missing(ModelStore.Models.Concat(ModelStore.TestPhotos)));
    }

    [Fact]
    public void A_missing_model_names_the_fetch_command()
    {
        var store = new ModelStore(TempFolder());
        var e = Assert.Throws<FileNotFoundException>(() => store.Require(ModelStore.SelfieSegmentation));
        Assert.Contains("tg models fetch", e.Message);
        Assert.Contains(ModelStore.SelfiePackage, e.Message);
    }
}
