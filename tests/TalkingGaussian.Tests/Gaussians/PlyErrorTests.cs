using TalkingGaussian.Gaussians;

namespace TalkingGaussian.Tests.Gaussians;

/// <summary>Every malformed file becomes a <see cref="PlyFormatException"/> naming the file and a fix, never a crash.</summary>
public class PlyErrorTests : TempFolderTest
{
    private static PlyFormatException Fails(string path, string expectedProblem)
    {
        var e = Assert.Throws<PlyFormatException>(() => GaussianPly.LoadAny(path));
        Assert.Equal(path, e.FilePath);
        Assert.StartsWith(path, e.Message);
        Assert.Contains(expectedProblem, e.Problem, StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrWhiteSpace(e.Fix));
        return e;
    }

    private static string Standard(string dir) => PlyTestFile.Standard(1, 4, "float", (i, j) => 0.1 * j).Write(dir);

    [Fact]
    public void TruncatedBinaryBody()
    {
        var path = Standard(TempFolder());
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^7]);
        Fails(path, "truncated");
    }

    [Fact]
    public void TruncatedAsciiBody()
    {
        var file = PlyTestFile.Standard(0, 3, "float", (i, j) => j);
        file.Format = "ascii";
        file.DeclaredCount = 5;
        Fails(file.Write(TempFolder()), "truncated");
    }

    [Fact]
    public void TruncatedHeader()
    {
        var path = Path.Combine(TempFolder(), "h.ply");
        File.WriteAllText(path, "ply\nformat binary_little_endian 1.0\nelement vertex 3\nproperty float x\n");
        Fails(path, "end_header");
    }

    [Fact]
    public void VertexCountMismatch()
    {
        var file = PlyTestFile.Standard(0, 4, "float", (i, j) => j);
        file.DeclaredCount = 3;
        Fails(file.Write(TempFolder()), "count mismatch");
    }

    [Fact]
    public void MissingPropertiesAreAllNamed()
    {
        var file = new PlyTestFile().Property("float", "x").Property("float", "y").Property("float", "z").Row(1, 2, 3);
        var e = Fails(file.Write(TempFolder()), "lacks");
        Assert.Contains("f_dc_0", e.Problem);
        Assert.Contains("rot_3", e.Problem);
        Assert.DoesNotContain("x,", e.Problem);
    }

    [Fact]
    public void WrongFormatLine()
    {
        var file = PlyTestFile.Standard(0, 1, "float", (i, j) => j);
        file.Format = "binary_middle_endian";
        Fails(file.Write(TempFolder()), "format");
    }

    [Fact]
    public void NotAPlyFile()
    {
        var dir = TempFolder();
        var text = Path.Combine(dir, "a.ply");
        File.WriteAllText(text, "hello world\n");
        Fails(text, "not a PLY");
        var binary = Path.Combine(dir, "b.ply");
        File.WriteAllBytes(binary, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);
        Fails(binary, "not a PLY");
        var empty = Path.Combine(dir, "c.ply");
        File.WriteAllBytes(empty, []);
        Fails(empty, "not a PLY");
    }

    [Fact]
    public void MissingFile() => Fails(Path.Combine(TempFolder(), "nope.ply"), "does not exist");

    [Theory]
    [InlineData(double.NaN, "opacity")]
    [InlineData(double.PositiveInfinity, "f_rest_4")]
    public void NonFiniteValuesAreRejectedWithVertexAndProperty(double bad, string property)
    {
        int column = property == "opacity" ? 9 + 9 : 9 + 4; // degree 1: x..f_dc_2 are columns 0–8, f_rest_0..8 are 9–17
        var path = PlyTestFile.Standard(1, 3, "float", (i, j) => i == 2 && j == column ? bad : 0.5).Write(TempFolder());
        var e = Fails(path, "Vertex 2");
        Assert.Contains(property, e.Problem);
    }

    [Fact]
    public void WrongNumberOfRestCoefficients()
    {
        var file = PlyTestFile.Standard(0, 0, "float", (i, j) => j);
        for (int j = 0; j < 5; j++) file.Property("float", $"f_rest_{j}");
        Fails(file.Write(TempFolder()), "f_rest");
    }

    [Fact]
    public void AsciiRowWithMissingValues()
    {
        var file = new PlyTestFile { Format = "ascii" }.Property("float", "x").Property("float", "y").Row(1, 2).Row(3);
        Fails(file.Write(TempFolder()), "1 values");
    }

    [Fact]
    public void NativeFileWithDamagedDegreeComment()
    {
        var dir = TempFolder();
        var path = Path.Combine(dir, "n.ply");
        GaussianPly.Save(GaussianTestFields.Random(2, 1, ScaleActivation.Softplus), path);
        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        int at = text.IndexOf("tg_sh_degree 1", StringComparison.Ordinal);
        bytes[at + "tg_sh_degree ".Length] = (byte)'2'; // header now claims more SH coefficients than the properties hold
        File.WriteAllBytes(path, bytes);
        Fails(path, "lacks");
    }

    [Fact]
    public void StandardFileGivenToNativeLoad()
    {
        var path = Standard(TempFolder());
        var e = Assert.Throws<PlyFormatException>(() => GaussianPly.Load(path));
        Assert.Contains("ImportStandard", e.Fix);
    }
}
