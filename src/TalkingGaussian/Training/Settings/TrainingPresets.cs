namespace TalkingGaussian.Training.Settings;

/// <summary>
/// Named starting points for <see cref="TrainingSettings"/>: <c>paper</c> is the released configuration (50,000 face,
/// 50,000 mouth and 10,000 fusion iterations); <c>quick</c> is sized for the embedded synthetic speaker on a laptop CPU.
/// Every schedule is a fraction of its stage, so the quick preset is the released method in fewer steps.
/// </summary>
public static class TrainingPresets
{
    /// <summary>The preset names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["quick", "paper"];

    /// <summary>The settings of preset <paramref name="name"/>.</summary>
    public static TrainingSettings Get(string name) => name switch
    {
        "paper" => Paper,
        "quick" => Quick,
        _ => throw new TrainingSettingsException($"There is no preset '{name}'; use one of: {string.Join(", ", Names)}."),
    };

    /// <summary>The released iteration counts and constants.</summary>
    public static TrainingSettings Paper { get; } = new() { Preset = "paper" };

    /// <summary>A few thousand iterations for the synthetic speaker (256×256) on a 2-core CPU.</summary>
    public static TrainingSettings Quick { get; } = new()
    {
        Preset = "quick",
        Face = new FaceStageSettings { Iterations = 3000 },
        Mouth = new MouthStageSettings { Iterations = 2000 },
        Fuse = new FuseStageSettings { Iterations = 600 },
        CheckpointEvery = 500,
        ValidateEvery = 500,
    };
}
