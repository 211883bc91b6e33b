using TalkingGaussian.Motion;

namespace TalkingGaussian.Tests.Motion;

public class TriPlaneEncoderTests
{
    [Fact]
    public void FaceLevelsReproduceTheReleasedTable()
    {
        var levels = new TriPlaneLevels(TriPlaneSettings.Face);
        Assert.Equal(1.0828409, TriPlaneSettings.Face.PerLevelScale, 1e-7);
        Assert.Equal([16, 18, 19, 21, 22, 24, 26, 28, 31, 33, 36, 39], levels.Resolutions);
        Assert.Equal([296, 368, 400, 488, 536, 632, 736, 848, 1024, 1160, 1376, 1600], levels.Entries);
        Assert.Equal(9464, levels.EntriesPerPlane);
        Assert.All(levels.Dense, Assert.True);
        Assert.Equal(36, TriPlaneSettings.Face.OutputDimension);
    }

    [Fact]
    public void MouthLevelsReproduceTheReleasedTableWithScaleBelowOne()
    {
        var levels = new TriPlaneLevels(TriPlaneSettings.Mouth);
        Assert.Equal(0.9904675, TriPlaneSettings.Mouth.PerLevelScale, 1e-7);
        Assert.Equal([64, 64, 63, 63, 62, 62, 61, 60, 60, 59, 59, 58], levels.Resolutions);
        Assert.Equal([4232, 4232, 4096, 4096, 3976, 3976, 3848, 3728, 3728, 3600, 3600, 3488], levels.Entries);
        Assert.Equal(46600, levels.EntriesPerPlane);
        Assert.All(levels.Dense, Assert.True);
    }

    [Fact]
    public void LevelsThatDoNotFitTheTableAreHashed()
    {
        // 2^8 = 256 entries per level: level 0 (res 16, 17² = 289 corners) already overflows.
        var settings = TriPlaneSettings.FromDesiredResolution(4, 2, 8, 32, 8, 0.15f);
        var encoder = new TriPlaneEncoder(settings);
        Assert.True(encoder.Levels.Dense[0]);   // res 8: 9² = 81 ≤ ceil8(81) = 88
        Assert.False(encoder.Levels.Dense[3]);  // res 32: 33² > 256
        Assert.Equal(256, encoder.Levels.Entries[3]);
        Assert.Equal((int)(unchecked(7u ^ (5u * TriPlaneEncoder.HashPrime)) % 256u), encoder.CornerIndex(3, 7, 5));
        Assert.Equal(7 + 5 * 9, encoder.CornerIndex(0, 7, 5));
    }

    [Fact]
    public void OutsideTheBoundFeaturesAndGradientsAreZeroPerPlane()
    {
        var encoder = new TriPlaneEncoder(TriPlaneSettings.Face);
        var rng = new Random(1);
        var table = GradientCheck.Uniform(rng, encoder.ParameterCount, -1f, 1f);
        var features = new float[36];
        // x outside: the xy and xz planes give zeros, yz does not.
        encoder.Encode(table, [0.2f, 0.01f, -0.02f], features);
        Assert.All(features[..12], f => Assert.Equal(0f, f));
        Assert.All(features[24..], f => Assert.Equal(0f, f));
        Assert.Contains(features[12..24], f => f != 0f);
        var gTable = new float[table.Length];
        var gPos = new float[3];
        var gFeatures = Enumerable.Repeat(1f, 36).ToArray();
        encoder.Backward(table, [0.2f, 0.01f, -0.02f], gFeatures, gTable, gPos);
        Assert.Equal(0f, gPos[0]);
        Assert.NotEqual(0f, gPos[1]);
        int plane = encoder.Levels.ParametersPerPlane;
        Assert.All(gTable[..plane], v => Assert.Equal(0f, v));
        Assert.All(gTable[(2 * plane)..], v => Assert.Equal(0f, v));
        // all outside
        encoder.Encode(table, [0.2f, 0.3f, -0.4f], features);
        Assert.All(features, f => Assert.Equal(0f, f));
    }

    [Fact]
    public void EncodingIsBilinearAtTheHalfCellOffset()
    {
        var settings = TriPlaneSettings.FromDesiredResolution(1, 1, 4, 4, 17, 0.5f);
        var encoder = new TriPlaneEncoder(settings);
        var table = new float[encoder.ParameterCount];
        // plane xy, level 0: s = 3, stride 5; value = gx + 10·gy so bilinear interpolation returns pos_x − … exactly
        for (int gy = 0; gy < 5; gy++)
            for (int gx = 0; gx < 5; gx++) table[gx + 5 * gy] = gx + 10 * gy;
        var f = new float[3];
        encoder.Encode(table, [0.1f, -0.2f, 0f], f);
        // u = (0.6, 0.3), pos = u·3 + 0.5 = (2.3, 1.4) ⇒ 2.3 + 10·1.4 = 16.3
        Assert.Equal(16.3f, f[0], 4);
    }

    public static TheoryData<bool> Hashed => new() { false, true };

    [Theory]
    [MemberData(nameof(Hashed))]
    public void GradientsMatchFiniteDifferences(bool hashed)
    {
        var settings = hashed ? TriPlaneSettings.FromDesiredResolution(5, 2, 12, 40, 8, 0.15f) : TriPlaneSettings.Face;
        var encoder = new TriPlaneEncoder(settings);
        var rng = new Random(hashed ? 7 : 3);
        var table = GradientCheck.Uniform(rng, encoder.ParameterCount, -1f, 1f);
        int d = encoder.OutputDimension;
        var weights = GradientCheck.Uniform(rng, d, -1f, 1f);
        var features = new float[d];
        for (int trial = 0; trial < 4; trial++)
        {
            var position = AwayFromCellEdges(encoder, rng);
            double Loss()
            {
                encoder.Encode(table, position, features);
                double l = 0;
                for (int k = 0; k < d; k++) l += weights[k] * features[k];
                return l;
            }
            var gTable = new float[table.Length];
            var gPos = new float[3];
            encoder.Backward(table, position, weights, gTable, gPos);
            // Table: the loss is linear in the table, so differences are exact up to float rounding; measured worst 3.5e-6.
            var touched = Enumerable.Range(0, table.Length).Where(i => gTable[i] != 0f).Take(40).ToArray();
            Assert.NotEmpty(touched);
            GradientCheck.AssertClose("table", touched.Concat(GradientCheck.Sample(rng, 0, table.Length, 10)), table, 1e-2f, Loss,
                i => gTable[i], rtol: 0, atol: 2e-5);
            // Positions: piecewise bilinear, points chosen ≥ 2% of a cell from every edge so ±1e-5 stays in the cell;
            // gradients are O(100) (s·Δv/0.3) and float32 round-off in L/2h is ~1e-7·10/2e-5 = 0.05: measured worst 0.15.
            GradientCheck.AssertClose("position", [0, 1, 2], position, 1e-5f, Loss, i => gPos[i], rtol: 0, atol: 0.4);
        }
    }

    /// <summary>A random position in the box whose grid coordinate is ≥ 0.02 cells from a cell edge at every level.</summary>
    internal static float[] AwayFromCellEdges(TriPlaneEncoder encoder, Random rng)
    {
        float b = encoder.Settings.Bound;
        while (true)
        {
            var p = GradientCheck.Uniform(rng, 3, -0.9f * b, 0.9f * b);
            bool ok = true;
            for (int axis = 0; axis < 3 && ok; axis++)
            {
                float u = (p[axis] + b) / (2 * b);
                foreach (float s in encoder.Levels.Scales)
                {
                    float pos = u * s + 0.5f, frac = pos - MathF.Floor(pos);
                    if (frac < 0.02f || frac > 0.98f) { ok = false; break; }
                }
            }
            if (ok) return p;
        }
    }
}
