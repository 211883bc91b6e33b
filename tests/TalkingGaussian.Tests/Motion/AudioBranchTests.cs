using TalkingGaussian.Motion;

namespace TalkingGaussian.Tests.Motion;

public class AudioBranchTests
{
    public static TheoryData<string> Shapes => new() { "deepspeech", "wav2vec", "hubert" };

    private static AudioSettings Settings(string name) => name switch
    {
        "deepspeech" => AudioSettings.DeepSpeech,
        "wav2vec" => AudioSettings.Wav2Vec,
        _ => AudioSettings.Hubert,
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AudioNetMapsTheWindowToEightFramesOf32(string shape)
    {
        var s = Settings(shape);
        var net = new AudioEncoder(s);
        // conv weights+biases for C→32→32→64→64 (k 3), then 64→64 and 64→32 linear layers
        int expected = (s.FeatureDimension * 32 * 3 + 32) + (32 * 32 * 3 + 32) + (32 * 64 * 3 + 64) + (64 * 64 * 3 + 64) + (64 * 64 + 64) + (64 * 32 + 32);
        Assert.Equal(expected, net.ParameterCount);
        var p = new float[net.ParameterCount];
        net.Initialize(p, new Random(2));
        var window = GradientCheck.Uniform(new Random(3), s.WindowLength, -1f, 1f);
        var saved = new float[s.SequenceLength * net.RowActivations];
        var output = new float[8 * 32];
        net.Forward(p, window, saved, output);
        Assert.Contains(output, v => v != 0f);
        Assert.Throws<ArgumentException>(() => net.Forward(p, new float[s.WindowLength - 1], saved, output));
    }

    [Fact]
    public void AConvStackThatDoesNotReachLengthOneIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new AudioEncoder(new AudioSettings(29, 32, WindowSize: 32)));
        Assert.Contains("not 1", e.Message);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AudioNetGradientsMatchFiniteDifferences(string shape)
    {
        // Same code path at reduced widths (the shapes above run at full size): with few units, float32 round-off in the
        // loss stays ≪ h·gradient and few LeakyReLU kinks lie within ±h of a pre-activation.
        var s = Settings(shape) with { FeatureDimension = 3, ConvChannels = [4, 4, 6, 6], Hidden = 6, AudioDimension = 5 };
        var net = new AudioEncoder(s);
        var rng = new Random(4);
        var p = new float[net.ParameterCount];
        net.Initialize(p, rng);
        var window = GradientCheck.Uniform(rng, s.WindowLength, -1f, 1f);
        var r = GradientCheck.Uniform(rng, 8 * 5, -1f, 1f);
        var saved = new float[s.SequenceLength * net.RowActivations];
        var output = new float[8 * 5];
        double Loss()
        {
            net.Forward(p, window, saved, output);
            double l = 0;
            for (int k = 0; k < output.Length; k++) l += r[k] * output[k];
            return l;
        }
        Loss();
        var g = new float[p.Length];
        net.Backward(p, saved, r, g);
        // LeakyReLU is piecewise linear, so differences are exact inside a region; h = 1e-3, |L| ~ 1 ⇒ float32 round-off
        // in the difference quotient ~1e-7/2e-3 = 5e-5. Measured worst 1.6e-4 (0.75 of this tolerance); in two of the three
        // shapes one parameter's ±h interval crosses a kink (a 2× slope change), the one outlier allowed.
        GradientCheck.AssertClose("AudioNet", Enumerable.Range(0, p.Length), p, 1e-3f, Loss, i => g[i], 1e-2, 2e-4, outliers: 1);
    }

    [Fact]
    public void AudioAttentionWeightsFormASoftmaxAndGradientsMatch()
    {
        var s = AudioSettings.DeepSpeech;
        var att = new AudioAttention(s);
        // convs 32→16→8→4→2→1 (k 3) with biases + Linear(8, 8)
        Assert.Equal((32 * 16 * 3 + 16) + (16 * 8 * 3 + 8) + (8 * 4 * 3 + 4) + (4 * 2 * 3 + 2) + (2 * 1 * 3 + 1) + (8 * 8 + 8), att.ParameterCount);
        var rng = new Random(6);
        var p = new float[att.ParameterCount];
        att.Initialize(p, rng);
        var x = GradientCheck.Uniform(rng, 8 * 32, -2f, 2f);
        var saved = new float[att.SavedLength];
        var output = new float[32];
        var r = GradientCheck.Uniform(rng, 32, -1f, 1f);
        double Loss()
        {
            att.Forward(p, x, saved, output);
            double l = 0;
            for (int k = 0; k < 32; k++) l += r[k] * output[k];
            return l;
        }
        Loss();
        var w = att.Weights(saved).ToArray();
        Assert.Equal(1.0, w.Sum(), 5);
        Assert.All(w, v => Assert.True(v > 0f));
        for (int c = 0; c < 32; c++) // a = Σ_t w_t x_t
            Assert.Equal(Enumerable.Range(0, 8).Sum(t => (double)w[t] * x[t * 32 + c]), output[c], 4);
        var g = new float[p.Length];
        var gx = new float[x.Length];
        att.Backward(p, x, saved, r, g, gx);
        // softmax makes the loss smooth in the scores, the convs are LeakyReLU. Measured worst 2.6e-5 abs (params, h = 1e-2,
        // with one parameter across a kink) and 7.9e-5 (input, h = 1e-3): each about a quarter of its tolerance.
        GradientCheck.AssertClose("AudioAttNet params", Enumerable.Range(0, p.Length), p, 1e-2f, Loss, i => g[i], 2e-2, 1e-4, outliers: 1);
        GradientCheck.AssertClose("AudioAttNet input", Enumerable.Range(0, x.Length), x, 1e-3f, Loss, i => gx[i], 2e-2, 1e-4);
    }
}
