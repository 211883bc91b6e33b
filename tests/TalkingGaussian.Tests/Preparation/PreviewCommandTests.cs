using TalkingGaussian.Data.Synthetic;
using TalkingGaussian.Tests.Cli;
using TalkingGaussian.Tests.Data;

namespace TalkingGaussian.Tests.Preparation;

/// <summary><c>tg prepare --preview DIR</c> draws the contact sheet of an existing dataset folder.</summary>
[Collection(ExclusiveCollection.Name)]
public sealed class PreviewCommandTests : DataTempTest
{
    [Fact]
    public void Preview_of_a_dataset_folder_writes_the_sheet_and_prints_its_path()
    {
        var dir = Path.Combine(TempFolder(), "speaker");
        SyntheticSpeaker.Generate(dir, SyntheticDatasetFixture.Options);
        var (code, output, err) = Tg.Run("prepare", "--preview", dir);
        Assert.True(code == 0, err);
        var sheet = Path.Combine(dir, "preview.png");
        Assert.Equal(Path.GetFullPath(sheet), output.Trim());
        Assert.True(new FileInfo(sheet).Length > 1000);

        (code, _, err) = Tg.Run("prepare", dir);
        Assert.Equal(1, code);
        Assert.Contains("is a folder", err);
        Assert.Contains("--preview", err);
    }
}
