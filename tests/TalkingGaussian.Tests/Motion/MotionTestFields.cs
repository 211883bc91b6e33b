using TalkingGaussian.Motion;

namespace TalkingGaussian.Tests.Motion;

/// <summary>Small and released-size motion fields with random parameters, conditions and means for tests.</summary>
internal static class MotionTestFields
{
    /// <summary>Audio at reduced widths (same code path as the released sizes).</summary>
    public static AudioSettings SmallAudio => AudioSettings.DeepSpeech with { FeatureDimension = 3, ConvChannels = [4, 4, 6, 6], Hidden = 6, AudioDimension = 5 };

    /// <summary>A 3-level, 2-feature grid.</summary>
    public static TriPlaneSettings SmallGrid => TriPlaneSettings.FromDesiredResolution(3, 2, 4, 8, 17, 0.15f);

    public static FaceMotionSettings SmallFace => new()
    {
        Grid = SmallGrid,
        Audio = SmallAudio,
        ExpressionHidden = 4,
        AudioAttentionHidden = 5,
        EyeAttentionHidden = 4,
        SigmaHidden = 6,
    };

    public static MouthMotionSettings SmallMouth => new() { Grid = SmallGrid, Audio = SmallAudio, Hidden = 6 };

    /// <summary>Initialised parameters with the grid raised to U(±0.5) so H(μ) carries signal (the released U(±1e-4) would make every check trivially small).</summary>
    public static float[] Parameters(int count, int gridOffset, int gridCount, Action<float[]> initialize, Random rng)
    {
        var p = new float[count];
        initialize(p);
        for (int i = gridOffset; i < gridOffset + gridCount; i++) p[i] = (float)(rng.NextDouble() - 0.5);
        return p;
    }

    public static MotionCondition Condition(AudioSettings audio, int expression, Random rng) =>
        new(GradientCheck.Uniform(rng, audio.WindowLength, -1f, 1f), GradientCheck.Uniform(rng, expression, 0f, 2f));

    /// <summary>N means, a fraction outside the box on some axis.</summary>
    public static float[] Means(int n, float bound, Random rng, double outsideFraction = 0.1)
    {
        var m = GradientCheck.Uniform(rng, 3 * n, -bound, bound);
        for (int i = 0; i < n; i++)
            if (rng.NextDouble() < outsideFraction) m[3 * i + rng.Next(3)] = bound * 1.5f;
        return m;
    }
}
