using TalkingGaussian.Motion;

namespace TalkingGaussian.Tests.Motion;

public class MouthMotionFieldTests
{
    [Fact]
    public void ReleasedSizesAndTranslationScale()
    {
        var field = new MouthMotionField();
        Assert.Equal(new Mlp(68, 32, 3, 3), field.Sigma);
        Assert.Equal(3 * 46600, field.Encoder.ParameterCount);
        Assert.Equal(["audio_net", "encoder_xy", "encoder_yz", "encoder_xz", "sigma_net", "audio_att_net"], field.Layout.Slices.Select(s => s.Name));
        var (x, y, z) = field.TranslationScale;
        Assert.Equal(0.002f, x, 7);
        Assert.Equal(0.01f, y, 7);
        Assert.Equal(0.002f, z, 7);
    }

    [Fact]
    public void AxisScaleSettingScalesTheOutputPerAxis()
    {
        var rng = new Random(2);
        var plain = new MouthMotionField(new MouthMotionSettings { AxisScale = (1f, 1f, 1f) });
        var released = new MouthMotionField();
        var p = MotionTestFields.Parameters(plain.ParameterCount, plain.GridOffset, plain.Encoder.ParameterCount, x => plain.Initialize(x, 2), rng);
        var condition = MotionTestFields.Condition(plain.Settings.Audio, 0, rng);
        var frame = plain.CreateFrame();
        plain.EncodeFrame(p, condition, frame);
        var a = new MotionDeltas(3);
        var b = new MotionDeltas(3);
        float[] means = [0.01f, -0.02f, 0.05f, 0.5f, 0.5f, 0.5f];
        plain.ForwardReference(p, frame, means, a);
        released.ForwardReference(p, frame, means, b);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(a.Values[3 * i] * 0.2f, b.Values[3 * i], 6);
            Assert.Equal(a.Values[3 * i + 1], b.Values[3 * i + 1], 6);
            Assert.Equal(a.Values[3 * i + 2] * 0.2f, b.Values[3 * i + 2], 6);
        }
        // outside the box the audio still moves the Gaussian (a is not region-weighted)
        Assert.Contains(a.Values[3..6], v => v != 0f);
    }

    [Fact]
    public void ReferenceGradientsMatchFiniteDifferences()
    {
        var field = new MouthMotionField(MotionTestFields.SmallMouth);
        var rng = new Random(8);
        var p = MotionTestFields.Parameters(field.ParameterCount, field.GridOffset, field.Encoder.ParameterCount, x => field.Initialize(x, 8), rng);
        var condition = MotionTestFields.Condition(field.Settings.Audio, 0, rng);
        int n = 6;
        var means = new float[3 * n];
        for (int i = 0; i < n; i++) TriPlaneEncoderTests.AwayFromCellEdges(field.Encoder, rng).CopyTo(means, 3 * i);
        var r = GradientCheck.Uniform(rng, 3 * n, -100f, 100f); // Δμ is ×0.002–0.01
        var frame = field.CreateFrame();
        var deltas = new MotionDeltas(3);
        double Loss()
        {
            field.EncodeFrame(p, condition, frame);
            field.ForwardReference(p, frame, means, deltas);
            double l = 0;
            for (int k = 0; k < 3 * n; k++) l += r[k] * deltas.Values[k];
            return l;
        }
        Loss();
        var upstream = new MotionDeltas(3);
        upstream.Resize(n);
        r.CopyTo(upstream.Values, 0);
        var g = new float[p.Length];
        var gMeans = new float[3 * n];
        field.BackwardReference(p, frame, means, upstream, g, gMeans);
        // Piecewise linear in every parameter except through the audio softmax. h = 1e-4 keeps ReLU kinks out of the ±h
        // interval (the decoder here has only 6 hidden units, so one near-zero unit spoils a whole weight row at 1e-3);
        // float32 round-off of |L| ~ 1 over 2h in the quotient. Absolute tolerance per module, about 4× its measured worst
        // error (in the comment); audio_att_net's gradients (~6e-5) are at the noise floor (checked in AudioBranchTests).
        var atol = new Dictionary<string, double>
        {
            ["audio_net"] = 2e-4, ["encoder_xy"] = 2.5e-4, ["encoder_yz"] = 1.2e-4, ["encoder_xz"] = 3e-4, // 5.5e-5, 6.1e-5, 2.9e-5, 7.4e-5
            ["sigma_net"] = 2e-4, ["audio_att_net"] = 2e-4,                                               // 5.1e-5, 5.7e-5
        };
        foreach (var slice in field.Layout.Slices)
        {
            var idx = GradientCheck.Sample(rng, slice.Offset, slice.Length, 40);
            if (slice.Name.StartsWith("encoder")) idx = idx.Concat(Enumerable.Range(slice.Offset, slice.Length).Where(i => g[i] != 0f).Take(20)).Distinct().ToArray();
            GradientCheck.AssertClose(slice.Name, idx, p, 1e-4f, Loss, i => g[i], 0, atol[slice.Name]);
        }
        // Means through H only, h = 1e-5: measured worst 7.2e-4.
        GradientCheck.AssertClose("means", Enumerable.Range(0, 3 * n), means, 1e-5f, Loss, i => gMeans[i], 0, 3e-3);
    }
}
