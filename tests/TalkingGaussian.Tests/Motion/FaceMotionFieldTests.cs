using TalkingGaussian.Motion;

namespace TalkingGaussian.Tests.Motion;

public class FaceMotionFieldTests
{
    [Fact]
    public void ReleasedSizesAndParameterLayout()
    {
        var field = new FaceMotionField();
        Assert.Equal(36, field.Encoder.OutputDimension);
        Assert.Equal(new Mlp(36, 32, 32, 2), field.AudioAttention);
        Assert.Equal(new Mlp(36, 16, 6, 2, ReluOutput: true), field.EyeAttention);
        Assert.Equal(new Mlp(5, 16, 5, 2), field.ExpressionEncoder);
        Assert.Equal(new Mlp(74, 64, 11, 3), field.Sigma);
        Assert.Equal(3 * 9464, field.Encoder.ParameterCount);
        Assert.Equal(field.Layout.Slices.Sum(s => s.Length), field.ParameterCount);
        Assert.Equal(["audio_net", "encoder_xy", "encoder_yz", "encoder_xz", "sigma_net", "audio_att_net", "aud_ch_att_net", "eye_att_net", "exp_encode_net"],
            field.Layout.Slices.Select(s => s.Name));
    }

    [Fact]
    public void InitialisationIsReproducibleAndFollowsPyTorchDefaults()
    {
        var field = new FaceMotionField();
        var a = new float[field.ParameterCount];
        var b = new float[field.ParameterCount];
        field.Initialize(a, 42);
        field.Initialize(b, 42);
        Assert.Equal(a, b);
        field.Initialize(b, 43);
        Assert.NotEqual(a, b);
        var grid = a.AsSpan(field.GridOffset, field.Encoder.ParameterCount).ToArray();
        Assert.All(grid, v => Assert.InRange(v, -1e-4f, 1e-4f));
        Assert.True(grid.Max() > 0.9e-4f && grid.Min() < -0.9e-4f);
        var sigma = field.Layout["sigma_net"];
        float bound = 1f / MathF.Sqrt(74);
        Assert.All(a.AsSpan(sigma.Offset, 74 * 64).ToArray(), v => Assert.InRange(v, -bound, bound));
    }

    [Fact]
    public void GaussiansOutsideTheBoxAreNotDeformed()
    {
        var field = new FaceMotionField();
        var rng = new Random(1);
        var p = MotionTestFields.Parameters(field.ParameterCount, field.GridOffset, field.Encoder.ParameterCount, x => field.Initialize(x, 1), rng);
        var frame = field.CreateFrame();
        field.EncodeFrame(p, MotionTestFields.Condition(field.Settings.Audio, 6, rng), frame);
        var deltas = new MotionDeltas(MotionDeltas.FaceStride);
        field.ForwardReference(p, frame, [0.3f, 0.2f, -0.3f, 0.01f, 0.02f, 0.03f], deltas);
        Assert.All(deltas.Values[..11], v => Assert.Equal(0f, v));
        Assert.Contains(deltas.Values[11..22], v => v != 0f);
        Assert.Equal(0f, deltas.Attention[0]);
        Assert.True(deltas.Attention[2] > 0f);
    }

    [Fact]
    public void ReferenceGradientsMatchFiniteDifferences()
    {
        var field = new FaceMotionField(MotionTestFields.SmallFace);
        var rng = new Random(5);
        var p = MotionTestFields.Parameters(field.ParameterCount, field.GridOffset, field.Encoder.ParameterCount, x => field.Initialize(x, 5), rng);
        var condition = MotionTestFields.Condition(field.Settings.Audio, 6, rng);
        int n = 6;
        var means = new float[3 * n];
        for (int i = 0; i < n; i++) TriPlaneEncoderTests.AwayFromCellEdges(field.Encoder, rng).CopyTo(means, 3 * i);
        var r = GradientCheck.Uniform(rng, n * 11, -1f, 1f);
        for (int i = 0; i < n; i++) r[11 * i + MotionDeltas.TranslationOffset] *= 100f; // Δμ is ×0.01: keep its share of the loss
        var rho = GradientCheck.Uniform(rng, 2 * n, -1f, 1f);
        var frame = field.CreateFrame();
        var deltas = new MotionDeltas(MotionDeltas.FaceStride);
        double Loss()
        {
            field.EncodeFrame(p, condition, frame);
            field.ForwardReference(p, frame, means, deltas);
            double l = 0;
            for (int k = 0; k < 11 * n; k++) l += r[k] * deltas.Values[k];
            for (int k = 0; k < 2 * n; k++) l += rho[k] * deltas.Attention[k];
            return l;
        }
        Loss();
        var upstream = new MotionDeltas(MotionDeltas.FaceStride);
        upstream.Resize(n);
        r.CopyTo(upstream.Values, 0);
        rho.CopyTo(upstream.Attention, 0);
        var g = new float[p.Length];
        var gMeans = new float[3 * n];
        field.BackwardReference(p, frame, means, upstream, g, gMeans);
        // Piecewise-linear networks (ReLU, LeakyReLU, bilinear grid) except the softmax and the norms: h = 1e-3, so the
        // quotient carries the float32 round-off of the loss and no kink fell inside ±h. Absolute tolerance per module, about
        // 4× its measured worst error (in the comment). audio_att_net's gradients (~1e-6) lie below what a difference can
        // resolve; its backward pass is checked in AudioBranchTests.
        var atol = new Dictionary<string, double>
        {
            ["audio_net"] = 4e-5, ["encoder_xy"] = 1e-4, ["encoder_yz"] = 5e-5, ["encoder_xz"] = 6e-5,   // 1.0e-5, 2.5e-5, 1.2e-5, 1.5e-5
            ["sigma_net"] = 3e-5, ["audio_att_net"] = 6e-6, ["aud_ch_att_net"] = 6e-5,                   // 8.1e-6, 1.5e-6, 1.4e-5
            ["eye_att_net"] = 3e-4, ["exp_encode_net"] = 3e-5,                                           // 7.5e-5, 8.4e-6
        };
        foreach (var slice in field.Layout.Slices)
        {
            var idx = GradientCheck.Sample(rng, slice.Offset, slice.Length, 40);
            if (slice.Name.StartsWith("encoder")) idx = idx.Concat(Enumerable.Range(slice.Offset, slice.Length).Where(i => g[i] != 0f).Take(20)).Distinct().ToArray();
            GradientCheck.AssertClose(slice.Name, idx, p, 1e-3f, Loss, i => g[i], 0, atol[slice.Name]);
        }
        Assert.Contains(g.AsSpan(field.Layout["exp_encode_net"].Offset, field.Layout["exp_encode_net"].Length).ToArray(), v => v != 0f);
        // Means: through H only (points ≥ 2% of a cell from edges, h = 1e-5 ⇒ float32 noise ~1e-7/2e-5): measured worst 1.4e-3.
        GradientCheck.AssertClose("means", Enumerable.Range(0, 3 * n), means, 1e-5f, Loss, i => gMeans[i], 0, 5e-3);
    }
}
