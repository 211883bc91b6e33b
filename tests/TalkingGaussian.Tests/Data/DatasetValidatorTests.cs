using TalkingGaussian.Tests.Cli;
using TalkingGaussian.Data;
using TalkingGaussian.Data.Npy;
using TalkingGaussian.Media;

namespace TalkingGaussian.Tests.Data;

/// <summary>Each class of broken dataset is caught by the validator (and by <c>tg data check</c>), naming the file.</summary>
[Collection(SyntheticDatasetCollection.Name)]
public class DatasetValidatorTests(SyntheticDatasetFixture fixture) : DataTempTest
{
    private string Broken(Action<string> breakIt)
    {
        var copy = CopyOf(fixture.Folder);
        breakIt(copy);
        return copy;
    }

    private static DatasetProblem Single(string root, DatasetProblemKind kind, string file)
    {
        var problems = DatasetValidator.Validate(root);
        var p = Assert.Single(problems);
        Assert.Equal(kind, p.Kind);
        Assert.Equal(Path.GetFullPath(Path.Combine(root, file)), Path.GetFullPath(p.File));
        Assert.False(string.IsNullOrWhiteSpace(p.Fix));
        return p;
    }

    [Fact]
    public void MissingFrameFile() =>
        Single(Broken(d => File.Delete(Path.Combine(d, "parsing", "3.png"))), DatasetProblemKind.MissingFile, "parsing/3.png");

    [Fact]
    public void MissingFeatureFileNamesTheRenameFix()
    {
        var p = Single(Broken(d => File.Delete(Path.Combine(d, "aud_ds.npy"))), DatasetProblemKind.MissingFile, "aud_ds.npy");
        Assert.Contains("aud_ds.npy", p.Fix);
    }

    [Fact]
    public void UnreadableImage() =>
        Single(Broken(d => File.WriteAllText(Path.Combine(d, "gt_imgs", "2.jpg"), "this is not a jpeg")), DatasetProblemKind.UnreadableFile, "gt_imgs/2.jpg");

    [Fact]
    public void ImageDamagedAfterItsHeaderIsCaughtByDeepCheck()
    {
        var root = Broken(d =>
        {
            var path = Path.Combine(d, "torso_imgs", "9.png");
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        });
        var deep = DatasetValidator.Validate(root, decodeImages: true);
        var p = Assert.Single(deep);
        Assert.Equal(DatasetProblemKind.UnreadableFile, p.Kind);
        Assert.EndsWith(Path.Combine("torso_imgs", "9.png"), p.File);
    }

    [Fact]
    public void TooFewActionUnitRows()
    {
        var p = Single(Broken(d =>
        {
            var path = Path.Combine(d, "au.csv");
            File.WriteAllLines(path, File.ReadAllLines(path).SkipLast(5));
        }), DatasetProblemKind.CountMismatch, "au.csv");
        Assert.Contains("15 rows", p.Problem);
    }

    [Fact]
    public void AudioRowsDisagreeWithFrames()
    {
        var p = Single(Broken(d => NpyWriter.Write(Path.Combine(d, "aud_ds.npy"), NpyArray.FromFloat64(new double[10 * 16 * 29], 10, 16, 29))),
            DatasetProblemKind.CountMismatch, "aud_ds.npy");
        Assert.Contains("10 audio rows for 20 frames", p.Problem);
    }

    [Fact]
    public void WrongImageSize() =>
        Single(Broken(d => ImageIO.SavePng(Path.Combine(d, "parsing", "1.png"), new float[3 * 32 * 32], 32, 32)), DatasetProblemKind.ImageSize, "parsing/1.png");

    [Fact]
    public void WrongTeethMaskShape() =>
        Single(Broken(d => NpyWriter.Write(Path.Combine(d, "teeth_mask", "4.npy"), NpyArray.FromBool(new bool[64 * 32], 64, 32))), DatasetProblemKind.ImageSize, "teeth_mask/4.npy");

    [Fact]
    public void TorsoWithoutAlpha() =>
        Single(Broken(d =>
        {
            using var rgb = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(64, 64);
            SixLabors.ImageSharp.ImageExtensions.SaveAsPng(rgb, Path.Combine(d, "torso_imgs", "5.png"));
        }), DatasetProblemKind.ImageSize, "torso_imgs/5.png");

    [Fact]
    public void WrongLandmarkCount() =>
        Single(Broken(d =>
        {
            var path = Path.Combine(d, "ori_imgs", "6.lms");
            File.WriteAllLines(path, File.ReadAllLines(path).Take(50));
        }), DatasetProblemKind.LandmarkCount, "ori_imgs/6.lms");

    [Fact]
    public void NaNInActionUnits()
    {
        var p = Single(Broken(d =>
        {
            var path = Path.Combine(d, "au.csv");
            var lines = File.ReadAllLines(path);
            var cells = lines[3].Split(", ");
            cells[^1] = "nan";
            lines[3] = string.Join(", ", cells);
            File.WriteAllLines(path, lines);
        }), DatasetProblemKind.NotANumber, "au.csv");
        Assert.Contains("AU45_r", p.Problem);
    }

    [Fact]
    public void NaNInLandmarks() =>
        Single(Broken(d =>
        {
            var path = Path.Combine(d, "ori_imgs", "0.lms");
            var lines = File.ReadAllLines(path);
            lines[10] = "nan nan";
            File.WriteAllLines(path, lines);
        }), DatasetProblemKind.NotANumber, "ori_imgs/0.lms");

    [Fact]
    public void MissingActionUnitColumn()
    {
        var p = Single(Broken(d =>
        {
            var path = Path.Combine(d, "au.csv");
            File.WriteAllLines(path, File.ReadAllLines(path).Select(l => l[..l.LastIndexOf(',')]));
        }), DatasetProblemKind.BadContent, "au.csv");
        Assert.Contains("AU45_r", p.Problem);
    }

    [Fact]
    public void UnreadableTransforms() =>
        Single(Broken(d => File.WriteAllText(Path.Combine(d, "transforms_val.json"), "{ not json")), DatasetProblemKind.UnreadableFile, "transforms_val.json");

    [Fact]
    public void ReportsEveryProblemAtOnceAndTrainingRefuses()
    {
        var root = Broken(d =>
        {
            File.Delete(Path.Combine(d, "bc.jpg"));
            File.Delete(Path.Combine(d, "teeth_mask", "7.npy"));
            File.WriteAllLines(Path.Combine(d, "ori_imgs", "8.lms"), ["1 2"]);
        });
        var problems = DatasetValidator.Validate(root);
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.File.EndsWith("bc.jpg", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.File.EndsWith(Path.Combine("teeth_mask", "7.npy"), StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Kind == DatasetProblemKind.LandmarkCount);
        var e = Assert.Throws<DatasetInvalidException>(() => TalkingDataset.Open(root));
        Assert.Equal(3, e.Problems.Count);
        Assert.Contains("bc.jpg", e.Message);
    }

    [Fact]
    public void CheckCommandExitCodeReflectsProblems()
    {
        Assert.Equal(0, Tg.Run("data", "check", fixture.Folder).Code);
        var broken = Broken(d => File.Delete(Path.Combine(d, "au.csv")));
        Assert.Equal(1, Tg.Run("data", "check", broken).Code);
        Assert.Equal(1, Tg.Run("data", "check", Path.Combine(broken, "does-not-exist")).Code);
    }

    [Fact]
    public void OtherExtractorsAreCheckedByTheirOwnFile()
    {
        var problems = DatasetValidator.Validate(fixture.Folder, AudioExtractor.Hubert);
        var p = Assert.Single(problems);
        Assert.EndsWith("aud_hu.npy", p.File);
    }
    [Fact]
    public void HubertFeaturesAreValidatedAndLoadedAsNct()
    {
        var root = Broken(d =>
        {
            var values = new float[20 * 2 * 1024];
            for (int i = 0; i < values.Length; i++) values[i] = i % 1024 + 1000 * (i / 1024 % 2); // channel + 1000·step
            NpyWriter.Write(Path.Combine(d, "aud_hu.npy"), NpyArray.FromFloat32(values, 20, 2, 1024));
        });
        Assert.Empty(DatasetValidator.Validate(root, AudioExtractor.Hubert));
        using var ds = TalkingDataset.Open(root, new DatasetOptions { AudioExtractor = AudioExtractor.Hubert });
        Assert.Equal((20, 1024, 2), (ds.Audio.Rows, ds.Audio.Channels, ds.Audio.Steps));
        Assert.Equal(1000f + 7f, ds.Audio.Values[7 * 2 + 1]); // row 0, channel 7, step 1
        Assert.Equal(8 * 1024 * 2, ds.AudioWindow(ds.Train.Frames[0]).Length);
    }
}
