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

    [Fact]
    public void TheBoundIsInclusiveForFeaturesAndGradients()
    {
        // One level, one feature, s = 3, bound 0.5 (u = p + 0.5); every plane holds value gx + 10·gy, which bilinear
        // interpolation reproduces exactly: feature = pos_a + 10·pos_b with pos = 3u + 0.5, so ∂f/∂p_a = 3, ∂f/∂p_b = 30.
        var encoder = new TriPlaneEncoder(TriPlaneSettings.FromDesiredResolution(1, 1, 4, 4, 17, 0.5f));
        var table = new float[encoder.ParameterCount];
        int planeSize = encoder.Levels.ParametersPerPlane;
        for (int plane = 0; plane < 3; plane++)
            for (int gy = 0; gy < 5; gy++)
                for (int gx = 0; gx < 5; gx++) table[plane * planeSize + gx + 5 * gy] = gx + 10 * gy;
        float edge = 0.5f, past = 0.5f + 1e-6f; // past: a step that survives rounding u = p + 0.5 (one ulp of 0.5 does not)
        // y on each edge of [−bound, bound] and just past it; x = 0.1 (u 0.6, pos 2.3), z = 0 (u 0.5, pos 2).
        // planes (xy, yz, xz) read (x, y), (y, z), (x, z); a plane with a coordinate outside gives 0 and no gradient.
        (float Y, float[] Features, float[] PositionGradient)[] cases =
        [
            (-edge, [2.3f + 10 * 0.5f, 0.5f + 10 * 2f, 2.3f + 10 * 2f], [3 + 3, 30 + 3, 30 + 30]),
            (edge, [2.3f + 10 * 3.5f, 3.5f + 10 * 2f, 2.3f + 10 * 2f], [3 + 3, 30 + 3, 30 + 30]),
            (-past, [0f, 0f, 2.3f + 10 * 2f], [3, 0, 30]),
            (past, [0f, 0f, 2.3f + 10 * 2f], [3, 0, 30]),
        ];
        var features = new float[3];
        double worstFeature = 0, worstGradient = 0;
        foreach (var (y, expected, expectedGradient) in cases)
        {
            float[] position = [0.1f, y, 0f];
            encoder.Encode(table, position, features);
            var gTable = new float[table.Length];
            var gPos = new float[3];
            encoder.Backward(table, position, [1f, 1f, 1f], gTable, gPos);
            // float32 rounding of u and pos (|pos| ≤ 4) over values ≤ 40 bounds the error by about 40·6e-8 = 2.4e-6;
            // measured worst 0 (features) and 3.8e-6 (position gradients, sums of 8 products of s·du = 3).
            for (int k = 0; k < 3; k++)
            {
                worstFeature = Math.Max(worstFeature, Math.Abs(features[k] - expected[k]));
                worstGradient = Math.Max(worstGradient, Math.Abs(gPos[k] - expectedGradient[k]));
                Assert.Equal(expected[k], features[k], 1e-5);
                Assert.Equal(expectedGradient[k], gPos[k], 2e-5);
                // the four bilinear weights a plane spreads ∂L/∂f = 1 over sum to 1 inside and 0 outside
                float weights = 0f;
                for (int i = k * planeSize; i < (k + 1) * planeSize; i++) weights += gTable[i];
                Assert.Equal(expected[k] == 0f ? 0f : 1f, weights, 1e-6);
            }
        }
        GradientCheck.Log($"bound: worst error features {worstFeature:E2}, position gradients {worstGradient:E2}");
    }

    [Fact]
    public void SpansOfTheWrongSizeAreRejected()
    {
        var encoder = new TriPlaneEncoder(TriPlaneSettings.Face);
        int p = encoder.ParameterCount, d = encoder.OutputDimension;
        // each span one float too long, where the encoder would otherwise read or write within bounds and carry on
        void Rejects(string message, Action call) => Assert.Contains(message, Assert.Throws<ArgumentException>(call).Message);
        Rejects($"table has {p + 1} floats; expected {p}", () => encoder.Encode(new float[p + 1], new float[3], new float[d]));
        Rejects("position has 3 components, got 4", () => encoder.Encode(new float[p], new float[4], new float[d]));
        Rejects($"Feature span has {d + 1} floats; expected {d}", () => encoder.Encode(new float[p], new float[3], new float[d + 1]));
        Rejects("position has 3 components, got 4", () => encoder.Backward(new float[p], new float[4], new float[d], new float[p], new float[3]));
        Rejects($"Table gradient has {p + 1} floats; the table has {p}",
            () => encoder.Backward(new float[p], new float[3], new float[d], new float[p + 1], new float[3]));
        Rejects("position gradient has 3 components", () => encoder.Backward(new float[p], new float[3], new float[d], new float[p], new float[4]));
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
