using TalkingGaussian.Gaussians;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Motion;

/// <summary>
/// A toy talking head for teaching and tests: the stylised <see cref="SyntheticScenes.Head"/> scaled into the motion box,
/// a synthetic "speech" signal (mouth openness per frame) rendered as DeepSpeech-shaped audio windows, a blink signal as
/// the AU45 entry of the expression, and the deformation they should cause (jaw down with openness, upper eyelids down
/// with the blink). Nothing here comes from a real video.
/// </summary>
public sealed class SyntheticMotion
{
    private readonly float[] _pattern;

    /// <summary>Creates the signal generator for windows of <paramref name="audio"/>'s shape.</summary>
    public SyntheticMotion(AudioSettings audio, int seed = 3)
    {
        Audio = audio;
        var rng = new Random(seed);
        _pattern = new float[audio.FeatureDimension * audio.TimeSteps];
        for (int i = 0; i < _pattern.Length; i++) _pattern[i] = 2f * rng.NextSingle() - 1f;
    }

    /// <summary>The audio window shape.</summary>
    public AudioSettings Audio { get; }

    /// <summary>The head's scale: unit-size head × this fits the ±0.15 box (the released bound).</summary>
    public const float HeadScale = 0.1f;

    /// <summary>A <paramref name="size"/>² front view of <see cref="Head"/>: the face fills the frame and the jaw's largest drop (0.02) is about a tenth of the image height.</summary>
    public static Camera FrontCamera(int size) => SyntheticScenes.FrontCamera(size, size, distance: 0.34f, fovY: 0.62f);

    /// <summary>The stylised head as a Persistent Gaussian Field inside the motion box (θ_C with softplus scales).</summary>
    public static PersistentGaussianField Head(int count, int seed = 7)
    {
        var r = SyntheticScenes.Head(count, seed);
        var f = new PersistentGaussianField(r.Count, r.ShDegree);
        for (int j = 0; j < 3 * r.Count; j++)
        {
            f.Means[j] = r.Means[j] * HeadScale;
            f.ScalesRaw[j] = Activations.SoftplusInverse(r.Scales[j] * HeadScale);
        }
        Array.Copy(r.Rotations, f.RotationsRaw, 4 * r.Count);
        for (int i = 0; i < r.Count; i++) f.OpacitiesRaw[i] = Activations.Logit(Math.Clamp(r.Opacities[i], 1e-4f, 1f - 1e-4f));
        Array.Copy(r.Sh!, f.Sh, f.Sh.Length);
        f.ActiveShDegree = r.ActiveShDegree;
        return f;
    }

    /// <summary>A speech-like openness in [0, 1] for frame <paramref name="t"/>: two incommensurate rates, slow against the 8-frame window.</summary>
    public static float Openness(int t) => Math.Clamp(0.5f + 0.4f * MathF.Sin(0.16f * t) + 0.2f * MathF.Sin(0.37f * t + 1f), 0f, 1f);

    /// <summary>A blink signal in [0, 1] (AU45-like): short closures every 23 frames.</summary>
    public static float Blink(int t)
    {
        int phase = t % 23;
        return phase < 4 ? MathF.Sin(MathF.PI * phase / 4f) : 0f;
    }

    /// <summary>
    /// The window of frame <paramref name="t"/>: rows t−4 … t+3 (as the released loader, zero outside [0, frames)),
    /// row k = openness(t−4+k) × a fixed random pattern + small noise.
    /// </summary>
    public float[] AudioWindow(int t, int frames, Func<int, float> openness, Random noise)
    {
        int row = Audio.FeatureDimension * Audio.TimeSteps;
        var w = new float[Audio.WindowLength];
        for (int k = 0; k < Audio.SequenceLength; k++)
        {
            int f = t - Audio.SequenceLength / 2 + k;
            if (f < 0 || f >= frames) continue;
            float o = openness(f);
            for (int j = 0; j < row; j++) w[k * row + j] = o * _pattern[j] + 0.05f * (2f * noise.NextSingle() - 1f);
        }
        return w;
    }

    /// <summary>The expression e = (AU01, 04, 05, 06, 07, AU45): the first five small and constant, AU45 = 2 × blink.</summary>
    public static float[] Expression(float blink) => [0.2f, 0.1f, 0.3f, 0.1f, 0.2f, 2f * blink];

    /// <summary>
    /// The target translation of a Gaussian at canonical <paramref name="mu"/>: the jaw and lower lip move down by up to
    /// 0.02 with the openness (ramping in below the lower lip), the upper eyelids by up to 0.006 with the blink.
    /// </summary>
    public static (float X, float Y, float Z) TargetTranslation(ReadOnlySpan<float> mu, float openness, float blink)
    {
        float x = mu[0] / HeadScale, y = mu[1] / HeadScale, z = mu[2] / HeadScale; // unit-head coordinates
        float dy = 0f;
        if (z > 0f && y < -0.46f && y > -1.05f) dy -= 0.02f * openness * Math.Clamp((-0.46f - y) / 0.08f, 0f, 1f);
        float ex = MathF.Abs(x) - 0.3f, ey = y - 0.12f;
        if (z > 0.3f && ex * ex / 0.03f + ey * ey / 0.012f < 1f && ey > -0.03f) dy -= 0.006f * blink;
        return (0f, dy, 0f);
    }
}
