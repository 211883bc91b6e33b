using TalkingGaussian.Gaussians;

namespace TalkingGaussian.Tests.Gaussians;

public class GaussianPlyTests : TempFolderTest
{
    [Theory]
    [InlineData(0, ScaleActivation.Softplus)]
    [InlineData(1, ScaleActivation.Exp)]
    [InlineData(2, ScaleActivation.Softplus)]
    [InlineData(3, ScaleActivation.Exp)]
    public void NativeLayoutRoundTripsBitForBit(int degree, ScaleActivation activation)
    {
        var dir = TempFolder();
        var field = GaussianTestFields.Random(37, degree, activation);
        field.Sh[5] = -0f; // signed zero must survive too
        var path = Path.Combine(dir, "field.ply");
        GaussianPly.Save(field, path);
        var back = GaussianPly.Load(path);

        Assert.Equal(field.Count, back.Count);
        Assert.Equal(field.ShDegree, back.ShDegree);
        Assert.Equal(field.ActiveShDegree, back.ActiveShDegree);
        Assert.Equal(field.ScaleActivation, back.ScaleActivation);
        GaussianTestFields.AssertBitEqual(field.Means, back.Means, 3 * field.Count, "Means");
        GaussianTestFields.AssertBitEqual(field.ScalesRaw, back.ScalesRaw, 3 * field.Count, "ScalesRaw");
        GaussianTestFields.AssertBitEqual(field.RotationsRaw, back.RotationsRaw, 4 * field.Count, "RotationsRaw");
        GaussianTestFields.AssertBitEqual(field.OpacitiesRaw, back.OpacitiesRaw, field.Count, "OpacitiesRaw");
        GaussianTestFields.AssertBitEqual(field.Sh, back.Sh, 3 * field.ShCoefficients * field.Count, "Sh");
        Assert.Equal(GaussianPlyLayout.Native, GaussianPly.DetectLayout(path));
    }

    [Fact]
    public void EmptyFieldRoundTrips()
    {
        var path = Path.Combine(TempFolder(), "empty.ply");
        GaussianPly.Save(new PersistentGaussianField(0), path);
        Assert.Equal(0, GaussianPly.Load(path).Count);
    }

    [Fact]
    public void StandardExportUsesLogScalesAndChannelMajorRest()
    {
        var dir = TempFolder();
        var field = GaussianTestFields.Random(5, 2, ScaleActivation.Softplus);
        var path = Path.Combine(dir, "standard.ply");
        GaussianPly.ExportStandard(field, path);
        var table = PlyReader.ReadVertices(path);
        Assert.Equal(GaussianPlyLayout.Standard, GaussianPly.DetectLayout(path));
        Assert.Equal(["x", "y", "z", "nx", "ny", "nz", "f_dc_0", "f_dc_1", "f_dc_2"], table.PropertyNames.Take(9));
        Assert.Equal(9 + 24 + 8, table.PropertyNames.Count);
        int p = table.PropertyNames.Count;
        for (int i = 0; i < field.Count; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(field.Sh[27 * i + c], table.Values[i * p + table.IndexOf($"f_dc_{c}")]);
                for (int k = 1; k < 9; k++) // channel-major: all of R's 8 coefficients, then G's, then B's
                    Assert.Equal(field.Sh[27 * i + 3 * k + c], table.Values[i * p + table.IndexOf($"f_rest_{c * 8 + k - 1}")]);
                // log(softplus(raw)) in double, rounded once to float: 1 ulp-level agreement.
                double expected = Math.Log(PreciseMath.Softplus(field.ScalesRaw[3 * i + c]));
                Assert.Equal(expected, table.Values[i * p + table.IndexOf($"scale_{c}")], 1e-5);
            }
            Assert.Equal(field.OpacitiesRaw[i], table.Values[i * p + table.IndexOf("opacity")]);
            for (int c = 0; c < 4; c++) Assert.Equal(field.RotationsRaw[4 * i + c], table.Values[i * p + table.IndexOf($"rot_{c}")]);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void StandardRoundTripOfAnExpFieldIsExact(int degree)
    {
        var field = GaussianTestFields.Random(11, degree, ScaleActivation.Exp);
        var path = Path.Combine(TempFolder(), "s.ply");
        GaussianPly.ExportStandard(field, path);
        var back = GaussianPly.ImportStandard(path, ScaleActivation.Exp);
        Assert.Equal(degree, back.ShDegree);
        Assert.Equal(degree, back.ActiveShDegree); // a standard file is a trained model: all bands active
        GaussianTestFields.AssertBitEqual(field.Means, back.Means, 33, "Means");
        GaussianTestFields.AssertBitEqual(field.ScalesRaw, back.ScalesRaw, 33, "ScalesRaw");
        GaussianTestFields.AssertBitEqual(field.RotationsRaw, back.RotationsRaw, 44, "RotationsRaw");
        GaussianTestFields.AssertBitEqual(field.OpacitiesRaw, back.OpacitiesRaw, 11, "OpacitiesRaw");
        GaussianTestFields.AssertBitEqual(field.Sh, back.Sh, 33 * field.ShCoefficients, "Sh");
    }

    [Fact]
    public void StandardRoundTripOfASoftplusFieldKeepsScales()
    {
        var field = GaussianTestFields.Random(50, 2, ScaleActivation.Softplus);
        field.ScalesRaw[0] = -60f; // deep in the log-linear tail
        field.ScalesRaw[1] = 25f;  // softplus(r) ≈ r
        var path = Path.Combine(TempFolder(), "s.ply");
        GaussianPly.ExportStandard(field, path);
        var back = GaussianPly.ImportStandard(path);
        Assert.Equal(ScaleActivation.Softplus, back.ScaleActivation);
        for (int j = 0; j < 150; j++)
        {
            // Two float roundings (log s, then raw) on the double-evaluated conversions: the activated scales agree to
            // a few float ulps, so 1e-5 relative; the raw values themselves can differ more where softplus is flat.
            float s = Activations.Softplus(field.ScalesRaw[j]), t = Activations.Softplus(back.ScalesRaw[j]);
            Assert.True(MathF.Abs(s - t) <= 1e-5f * s, $"scale {j}: {s} vs {t}");
        }
        GaussianTestFields.AssertBitEqual(field.Sh, back.Sh, field.Sh.Length, "Sh");
    }

    [Fact]
    public void SoftplusConventionStoresTheReleasedCodesRawScales()
    {
        // The released code's point_cloud.ply keeps softplus pre-activations under scale_i: exact both ways for a softplus field.
        var field = GaussianTestFields.Random(8, 2, ScaleActivation.Softplus);
        var path = Path.Combine(TempFolder(), "released.ply");
        GaussianPly.ExportStandard(field, path, StandardScaleConvention.Softplus);
        var table = PlyReader.ReadVertices(path);
        int p = table.PropertyNames.Count, s0 = table.IndexOf("scale_0");
        for (int i = 0; i < 8; i++) Assert.Equal(field.ScalesRaw[3 * i], table.Values[i * p + s0]);
        var back = GaussianPly.ImportStandard(path, ScaleActivation.Softplus, StandardScaleConvention.Softplus);
        GaussianTestFields.AssertBitEqual(field.ScalesRaw, back.ScalesRaw, 24, "ScalesRaw");
    }

    [Theory]
    [InlineData(ScaleActivation.Softplus, StandardScaleConvention.Log)]
    [InlineData(ScaleActivation.Exp, StandardScaleConvention.Softplus)]
    public void CrossConventionScalesDecodeToTheSameScale(ScaleActivation activation, StandardScaleConvention convention)
    {
        foreach (float raw in new[] { -80f, -31f, -12f, -4f, -0.5f, 0f, 1.3f, 6f, 25f })
        {
            if (activation == ScaleActivation.Exp && raw > 6f) continue; // e²⁵ is no Gaussian scale
            float stored = StandardGaussianPly.EncodeScale(activation, convention, raw);
            double s = activation == ScaleActivation.Exp ? Math.Exp(raw) : PreciseMath.Softplus(raw);
            double decoded = convention == StandardScaleConvention.Log ? Math.Exp(stored) : PreciseMath.Softplus(stored);
            // One float rounding of the stored value: ≈ 1e-7 relative in s (|d log s / d stored| ≤ 1), so 1e-5 relative.
            Assert.True(Math.Abs(decoded - s) <= 1e-5 * s, $"raw {raw}: scale {s}, stored {stored} decodes to {decoded}");
            float back = StandardGaussianPly.DecodeScale(activation, convention, stored);
            double sBack = activation == ScaleActivation.Exp ? Math.Exp(back) : PreciseMath.Softplus(back);
            Assert.True(Math.Abs(sBack - s) <= 1e-5 * s, $"raw {raw} came back as {back}");
        }
    }

    [Fact]
    public void ImportsTrainerFilesInDoubleWithExtraProperties()
    {
        // A degree-1 file of doubles plus a uchar colour and an int id, as other trainers write; value = 0.01·(row + col).
        var dir = TempFolder();
        var path = PlyTestFile.Standard(1, 3, "double", (i, j) => 0.01 * (i * 100 + j), withColourExtras: true).Write(dir);
        var f = GaussianPly.ImportStandard(path, ScaleActivation.Exp);
        Assert.Equal(1, f.ShDegree);
        Assert.Equal(3, f.Count);
        // Row 2: x is column 0, f_dc_1 column 7, f_rest_3 (k = 1, channel G) column 12, opacity 18, scale_2 21, rot_3 25.
        Assert.Equal((float)2.00, f.Means[6]);
        Assert.Equal((float)2.07, f.Sh[2 * 12 + 1]);
        Assert.Equal((float)2.12, f.Sh[2 * 12 + 3 * 1 + 1]);
        Assert.Equal((float)2.18, f.OpacitiesRaw[2]);
        Assert.Equal((float)2.21, f.ScalesRaw[2 * 3 + 2]);
        Assert.Equal((float)2.25, f.RotationsRaw[2 * 4 + 3]);
    }

    [Theory]
    [InlineData("ascii")]
    [InlineData("binary_big_endian")]
    public void ImportsAsciiAndBigEndianFiles(string format)
    {
        var file = PlyTestFile.Standard(0, 2, "float", (i, j) => i + 0.25 * j);
        file.Format = format;
        var f = GaussianPly.ImportStandard(file.Write(TempFolder()), ScaleActivation.Exp);
        Assert.Equal(0, f.ShDegree);
        Assert.Equal(1f + 0.25f * 1, f.Means[4]);          // row 1, y
        Assert.Equal(1f + 0.25f * 8, f.Sh[3 + 2]);         // row 1, f_dc_2
        Assert.Equal(1f + 0.25f * 16, f.RotationsRaw[7]);  // row 1, rot_3 (x..f_dc_2 = 0–8, opacity 9, scale 10–12, rot 13–16)
    }

    [Fact]
    public void LoadAnyReadsBothLayouts()
    {
        var dir = TempFolder();
        var field = GaussianTestFields.Random(4, 1, ScaleActivation.Exp);
        GaussianPly.Save(field, Path.Combine(dir, "n.ply"));
        GaussianPly.ExportStandard(field, Path.Combine(dir, "s.ply"));
        Assert.Equal(field.ActiveShDegree, GaussianPly.LoadAny(Path.Combine(dir, "n.ply")).ActiveShDegree);
        Assert.Equal(field.ShDegree, GaussianPly.LoadAny(Path.Combine(dir, "s.ply"), ScaleActivation.Exp).ActiveShDegree);
    }

    [Fact]
    public void SaveReplacesAtomicallyAndLeavesNoTemporaryFiles()
    {
        var dir = TempFolder();
        var path = Path.Combine(dir, "field.ply");
        GaussianPly.Save(GaussianTestFields.Random(3, 0, ScaleActivation.Softplus), path);
        var before = File.ReadAllBytes(path);

        var diverged = GaussianTestFields.Random(3, 0, ScaleActivation.Softplus);
        diverged.OpacitiesRaw[2] = float.NaN;
        var e = Assert.Throws<InvalidOperationException>(() => GaussianPly.Save(diverged, path));
        Assert.Contains("Gaussian 2", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path)); // the old file is untouched

        GaussianPly.Save(GaussianTestFields.Random(9, 1, ScaleActivation.Exp), path);
        Assert.Equal(9, GaussianPly.Load(path).Count);
        Assert.Equal(["field.ply"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void ReadingLeavesTheInputUnchanged()
    {
        var path = PlyTestFile.Standard(2, 4, "float", (i, j) => 0.1 * j).Write(TempFolder());
        var before = File.ReadAllBytes(path);
        var stamp = File.GetLastWriteTimeUtc(path);
        GaussianPly.ImportStandard(path);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
    }
}
