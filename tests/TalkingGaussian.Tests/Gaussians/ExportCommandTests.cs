using TalkingGaussian.Tests.Cli;
using TalkingGaussian.Gaussians;

namespace TalkingGaussian.Tests.Gaussians;

/// <summary><c>tg export</c>, run in-process through the tool's entry point.</summary>
[Collection(ExclusiveCollection.Name)]
public class ExportCommandTests : TempFolderTest
{
    [Fact]
    public void ExportsNativeToStandardAndImportsBack()
    {
        var dir = TempFolder();
        var field = GaussianTestFields.Random(20, 2, ScaleActivation.Exp);
        var native = Path.Combine(dir, "field.ply");
        GaussianPly.Save(field, native);
        var before = File.ReadAllBytes(native);

        var standard = Path.Combine(dir, "standard.ply");
        var r = Tg.Run("export", "--in", native, "--out", standard);
        Assert.Equal(0, r.Code);
        Assert.Contains("read 20 Gaussians", r.Out);
        Assert.Equal(GaussianPlyLayout.Standard, GaussianPly.DetectLayout(standard));

        var back = Path.Combine(dir, "back.ply");
        Assert.Equal(0, Tg.Run("export", "--in", standard, "--out", back, "--format", "native", "--scale-activation", "exp").Code);
        var f = GaussianPly.Load(back);
        Assert.Equal(ScaleActivation.Exp, f.ScaleActivation);
        GaussianTestFields.AssertBitEqual(field.ScalesRaw, f.ScalesRaw, 60, "ScalesRaw"); // exp → log → exp is exact
        Assert.Equal(before, File.ReadAllBytes(native)); // the input is never modified
    }

    [Fact]
    public void PlyScalesSoftplusWritesTheReleasedCodesConvention()
    {
        var dir = TempFolder();
        var field = GaussianTestFields.Random(6, 2, ScaleActivation.Softplus);
        var native = Path.Combine(dir, "field.ply");
        GaussianPly.Save(field, native);
        var released = Path.Combine(dir, "point_cloud.ply");
        Assert.Equal(0, Tg.Run("export", "--in", native, "--out", released, "--ply-scales", "softplus").Code);
        var table = PlyReader.ReadVertices(released);
        Assert.Equal(field.ScalesRaw[3 * 5 + 2], table.Values[5 * table.PropertyNames.Count + table.IndexOf("scale_2")]);
    }

    [Fact]
    public void ClearErrorsWithoutStackTraces()
    {
        var dir = TempFolder();
        var notPly = Path.Combine(dir, "notes.ply");
        File.WriteAllText(notPly, "not a ply\n");
        var existing = Path.Combine(dir, "existing.ply");
        GaussianPly.Save(GaussianTestFields.Random(2, 0, ScaleActivation.Softplus), existing);
        var existingBytes = File.ReadAllBytes(existing);

        var missing = Tg.Run("export", "--in", Path.Combine(dir, "nope.ply"), "--out", Path.Combine(dir, "o.ply"));
        Assert.Equal(1, missing.Code);
        Assert.Contains("no such file", missing.Err);

        var bad = Tg.Run("export", "--in", notPly, "--out", Path.Combine(dir, "o.ply"));
        Assert.Equal(1, bad.Code);
        Assert.Contains("not a PLY file", bad.Err);
        Assert.DoesNotContain("   at ", bad.Err);
        Assert.False(File.Exists(Path.Combine(dir, "o.ply")));

        var same = Tg.Run("export", "--in", existing, "--out", existing, "--force");
        Assert.Equal(1, same.Code);
        Assert.Contains("never overwrites its input", same.Err);

        var exists = Tg.Run("export", "--in", existing, "--out", existing.Replace("existing", "copy"));
        Assert.Equal(0, exists.Code);
        var clash = Tg.Run("export", "--in", existing, "--out", existing.Replace("existing", "copy"));
        Assert.Equal(1, clash.Code);
        Assert.Contains("--force", clash.Err);
        Assert.Equal(existingBytes, File.ReadAllBytes(existing));

        Assert.NotEqual(0, Tg.Run("export", "--in", existing).Code); // --out is required
    }

    [Fact]
    public void HelpListsTheOptions()
    {
        var r = Tg.Run("export", "--help");
        Assert.Equal(0, r.Code);
        foreach (var option in new[] { "--in", "--out", "--format", "--scale-activation", "--force" }) Assert.Contains(option, r.Out);
    }
}
