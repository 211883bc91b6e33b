using TalkingGaussian.Data;
using TalkingGaussian.Media;

namespace TalkingGaussian.Tests.Data;

/// <summary>The per-frame talking data of original-code.md §2 on hand-made inputs.</summary>
public class TalkingFeatureTests : DataTempTest
{
    private static FaceLandmarks Landmarks(Action<float[]> edit)
    {
        var xy = new float[136];
        for (int i = 0; i < 68; i++) { xy[2 * i] = 120; xy[2 * i + 1] = 150; }
        edit(xy);
        return new FaceLandmarks(xy);
    }

    [Fact]
    public void LipsRectangleIsTheSquareAroundTruncatedOuterLipBounds()
    {
        var l = Landmarks(xy =>
        {
            for (int i = 48; i < 60; i++) { xy[2 * i] = 110; xy[2 * i + 1] = 207; }
            xy[2 * 48] = 100.7f; xy[2 * 54] = 140.2f; // x (columns) → 100 … 140
            xy[2 * 51 + 1] = 200.9f; xy[2 * 57 + 1] = 215.3f; // y (rows) → 200 … 215
        });
        // rc = (200+215)//2 = 207, cc = (100+140)//2 = 120, l = max(15, 40)//2 = 20.
        Assert.Equal(new LipsRectangle(187, 227, 100, 140), LipsRectangle.From(l));
    }

    [Fact]
    public void MouthOpeningUsesTruncatedInnerLipRows()
    {
        var l = Landmarks(xy =>
        {
            for (int i = 60; i < 68; i++) xy[2 * i + 1] = 207;
            xy[2 * 62 + 1] = 205.9f;
            xy[2 * 66 + 1] = 209.1f;
            xy[2 * 20 + 1] = 0; // not an inner-lip point: ignored
        });
        Assert.Equal(209 - 205, LipsRectangle.MouthOpening(l));
    }

    [Fact]
    public void LandmarkFilesRoundTripAndRejectWrongCounts()
    {
        var dir = TempFolder();
        var path = Path.Combine(dir, "0.lms");
        var l = Landmarks(xy => { xy[0] = 1.25f; xy[135] = 99.5f; });
        l.Write(path);
        Assert.Equal("1.250000 150.000000", File.ReadLines(path).First());
        Assert.Equal(l.Xy, FaceLandmarks.Read(path).Xy);
        File.WriteAllLines(path, File.ReadLines(path).Take(67).ToArray());
        var e = Assert.Throws<InvalidDataException>(() => FaceLandmarks.Read(path));
        Assert.Contains("67 landmarks", e.Message);
    }

    [Fact]
    public void PercentilesFollowNumpyLinearInterpolation()
    {
        double[] v = [10, 1, 4, 2, 3];
        Assert.Equal(2.0, Percentile.Of(v, 25), 12);
        Assert.Equal(3.0, Percentile.Of(v, 50), 12);
        Assert.Equal(8.8, Percentile.Of(v, 95), 12); // rank 3.8 between 4 and 10
        Assert.Equal(1.0, Percentile.Of(v, 0), 12);
        Assert.Equal(10.0, Percentile.Of(v, 100), 12);
    }

    [Fact]
    public void ActionUnitFeaturesClipAndUsePercentilesOverAllRows()
    {
        var dir = TempFolder();
        var path = Path.Combine(dir, "au.csv");
        File.WriteAllText(path,
            "frame, face_id, timestamp, confidence, success, AU01_r, AU04_r, AU05_r, AU06_r, AU07_r, AU25_r, AU45_r\n" +
            "1, 0, 0.00, 0.98, 1, 0.5, 1.0, 0.1, 0.2, 0.3, 1, 0.0\n" +
            "2, 0, 0.04, 0.98, 1, 0.6, 1.1, 0.1, 0.2, 0.3, 2, 1.0\n" +
            "3, 0, 0.08, 0.98, 1, 0.7, 1.2, 0.1, 0.2, 0.3, 3, 2.5\n" +
            "4, 0, 0.12, 0.98, 1, 0.8, 1.3, 0.1, 0.2, 0.3, 4, -0.2\n" +
            "5, 0, 0.16, 0.98, 1, 0.9, 1.4, 0.1, 0.2, 0.3, 10, 1.5\n");
        var table = ActionUnitTable.Read(path);
        Assert.Equal(5, table.RowCount);
        Assert.Contains("AU45_r", table.ColumnNames); // the leading space is trimmed
        var f = new ActionUnitFeatures(table);
        // AU25 clipped at P95 = 8.8: [1, 2, 3, 4, 8.8] → p25 2, p50 3, p75 4, max 8.8.
        Assert.Equal([8.8f, 2f, 3f, 4f, 8.8f], f.Au25(4));
        Assert.Equal(1f, f.Au25(0)[0]);
        Assert.Equal(0.5f, f.Blink(1));
        Assert.Equal(1f, f.Blink(2)); // 2.5 clipped to 2
        Assert.Equal(0f, f.Blink(3)); // −0.2 clipped to 0
        Assert.Equal([0.7f, 1.2f, 0.1f, 0.2f, 0.3f, 2f], f.Expression(2));
    }

    [Fact]
    public void AudioWindowIsRowsIMinus4ToIPlus4ZeroPadded()
    {
        // File layout [N=10, T=1, C=2]: row n holds (n, −n).
        var ntc = new float[20];
        for (int n = 0; n < 10; n++) { ntc[2 * n] = n + 1; ntc[2 * n + 1] = -(n + 1); }
        var a = AudioFeatureArray.FromFileLayout(ntc, 10, 1, 2);
        Assert.Equal(2, a.Channels);
        Assert.Equal(1, a.Steps);
        var w0 = a.Window(0); // rows −4 … 3
        Assert.Equal(16, w0.Length);
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 1f, -1f, 2f, -2f, 3f, -3f, 4f, -4f], w0);
        var w9 = a.Window(9); // rows 5 … 12
        Assert.Equal(6f, w9[0]);
        Assert.Equal(10f, w9[8]);
        Assert.Equal(0f, w9[10]);
    }

    [Fact]
    public void AudioFeaturesArePermutedFromNtcToNct()
    {
        // [N=1, T=2, C=3] values t*10 + c.
        var a = AudioFeatureArray.FromFileLayout([0, 1, 2, 10, 11, 12], 1, 2, 3);
        Assert.Equal([0f, 10f, 1f, 11f, 2f, 12f], a.Values);
    }

    [Fact]
    public void MasksFollowTheColourRulesAndTheTeethXor()
    {
        // original-code.md §2.1: face = (B > 254 ∧ R = 0 ∧ G = 0) XOR teeth, hair = R < 1 ∧ G < 1 ∧ B < 1,
        // mouth = (R, G, B) = (100, 100, 100) OR teeth. Each rule's pixel, then one pixel per condition of each rule that
        // breaks only that condition (so a rule that ignores a channel, or compares loosely, is caught), then teeth.
        (int R, int G, int B, bool Teeth, bool Face, bool Hair, bool Mouth)[] cases =
        [
            (0, 0, 255, false, true, false, false),     // blue: face
            (1, 0, 255, false, false, false, false),    // R ≠ 0
            (0, 1, 255, false, false, false, false),    // G ≠ 0
            (0, 0, 254, false, false, false, false),    // B not > 254
            (0, 0, 0, false, false, true, false),       // black: hair
            (1, 0, 0, false, false, false, false),      // R not < 1
            (0, 1, 0, false, false, false, false),      // G not < 1
            (0, 0, 1, false, false, false, false),      // B not < 1
            (100, 100, 100, false, false, false, true), // grey 100: mouth
            (101, 100, 100, false, false, false, false),// R ≠ 100
            (100, 99, 100, false, false, false, false), // G ≠ 100
            (100, 100, 101, false, false, false, false),// B ≠ 100 (R = G = 100)
            (0, 0, 255, true, false, false, true),      // blue and teeth: XOR removes it from the face; teeth are mouth
            (255, 255, 255, true, true, false, true),   // teeth outside blue: XOR adds it to the face
            (0, 0, 0, true, true, true, true),          // teeth on hair: face by the XOR, hair by colour, mouth by teeth
            (100, 100, 100, true, true, false, true),   // teeth on grey
            (255, 255, 255, false, false, false, false),// white background: nothing
            (0, 255, 0, false, false, false, false),    // neck
            (255, 0, 0, false, false, false, false),    // torso
            (100, 100, 99, false, false, false, false), // B ≠ 100 from below
        ];
        // Laid out row-major on a 5×4 image (not one row, where W·H and W/H agree), pixel i at (i mod 5, i div 5).
        const int w = 5, h = 4;
        int n = cases.Length;
        Assert.Equal(w * h, n);
        var img = new PlanarImage(w, h, 3);
        for (int i = 0; i < n; i++)
            (img[0, i / w, i % w], img[1, i / w, i % w], img[2, i / w, i % w]) = (cases[i].R / 255f, cases[i].G / 255f, cases[i].B / 255f);
        var m = TalkingMasks.From(img, cases.Select(c => c.Teeth).ToArray());
        for (int i = 0; i < n; i++)
        {
            var c = cases[i];
            Assert.True(c.Face == m.Face[i], $"face at ({c.R}, {c.G}, {c.B}), teeth {c.Teeth}");
            Assert.True(c.Hair == m.Hair[i], $"hair at ({c.R}, {c.G}, {c.B}), teeth {c.Teeth}");
            Assert.True(c.Mouth == m.Mouth[i], $"mouth at ({c.R}, {c.G}, {c.B}), teeth {c.Teeth}");
            Assert.True((c.Face || c.Hair) == m.Head()[i], $"head at ({c.R}, {c.G}, {c.B}), teeth {c.Teeth}");
        }
        Assert.Equal((w, h), (m.Width, m.Height));
        Assert.Equal(3L * n, m.Bytes);
        // A teeth mask of the wrong size is refused with both sizes named.
        var e = Assert.Throws<ArgumentException>(() => TalkingMasks.From(img, new bool[n - 1]));
        Assert.Equal("teeth", e.ParamName);
        Assert.Contains($"{n - 1} pixels", e.Message);
        Assert.Contains($"{w}×{h} has {n}", e.Message);
    }

    [Fact]
    public void TorsoPlateTruncatesToUInt8()
    {
        var torso = new PlanarImage(1, 1, 4);
        torso[0, 0, 0] = 200 / 255f; torso[1, 0, 0] = 100 / 255f; torso[2, 0, 0] = 50 / 255f; torso[3, 0, 0] = 128 / 255f;
        var bc = new PlanarImage(1, 1, 3);
        bc[0, 0, 0] = 0; bc[1, 0, 0] = 1; bc[2, 0, 0] = 10 / 255f;
        var p = TorsoPlate.Compose(torso, bc);
        // R = 200·128/255 = 100.39 → 100; G = 100·0.502 + 255·0.498 = 177.2 → 177; B = 50·0.502 + 10·0.498 = 30.08 → 30.
        Assert.Equal(100 / 255f, p[0, 0, 0]);
        Assert.Equal(177 / 255f, p[1, 0, 0]);
        Assert.Equal(30 / 255f, p[2, 0, 0]);
    }
    [Fact]
    public void OverlayMarksLandmarksAndTheLipsRectangleOnACopy()
    {
        var img = new PlanarImage(200, 250, 3);
        var l = Landmarks(xy => { xy[2 * 10] = 30.4f; xy[2 * 10 + 1] = 40.6f; xy[2 * 62] = 50; xy[2 * 62 + 1] = 60; });
        var rect = new LipsRectangle(100, 110, 20, 30);
        var o = LandmarkOverlay.Draw(img, l, rect);
        Assert.Equal((0f, 1f, 0f), (o[0, 41, 30], o[1, 41, 30], o[2, 41, 30]));  // point 10, rounded
        Assert.Equal((1f, 1f, 0f), (o[0, 60, 50], o[1, 60, 50], o[2, 60, 50]));  // inner lip: yellow
        Assert.Equal((1f, 0f, 0f), (o[0, 100, 25], o[1, 100, 25], o[2, 100, 25])); // rectangle edge
        Assert.Equal(0f, o[0, 105, 25]); // inside the rectangle: untouched
        Assert.All(img.Pixels, v => Assert.Equal(0f, v)); // the input is not modified
    }
}
