using TalkingGaussian.Data;

namespace TalkingGaussian.Training.Settings;

/// <summary>
/// Every choice of a training run, resolved from a preset (<see cref="TrainingPresets"/>), an optional settings JSON and
/// command-line overrides (<see cref="TrainingSettingsJson"/>), and written into the run folder as settings.json.
/// Defaults are the released code's (original-code.md §3–5); stage schedules are fractions of each stage's length.
/// </summary>
public sealed record TrainingSettings
{
    /// <summary>The preset this was built from ("quick" or "paper").</summary>
    public string Preset { get; init; } = "paper";

    /// <summary>Seed of initialisation, frame order, the sampler and every other random draw (the released code seeds 0).</summary>
    public int Seed { get; init; }

    /// <summary>Stages to run, in order; a later stage needs the earlier ones' results (in this run or in the resumed one).</summary>
    public TrainingStage[] Stages { get; init; } = [TrainingStage.Face, TrainingStage.Mouth, TrainingStage.Fuse];

    /// <summary>Which audio features to read (<c>aud_ds.npy</c>, <c>aud_eo.npy</c>, <c>aud_hu.npy</c>).</summary>
    public AudioExtractor AudioExtractor { get; init; } = AudioExtractor.DeepSpeech;

    /// <summary>RAM budget of the decoded-frame cache in bytes (2·10⁹).</summary>
    public long CacheBudgetBytes { get; init; } = FrameCache.DefaultBudgetBytes;

    /// <summary>Weight λ of D-SSIM in Eq. 9–11 (0.2).</summary>
    public float SsimWeight { get; init; } = 0.2f;

    /// <summary>Background colour of the branch stages' renders and targets, RGB in [0, 1] (green, as released: it lets green Gaussians be found and removed).</summary>
    public float[] TrainingBackground { get; init; } = [0f, 1f, 0f];

    /// <summary>Adam rates of both Persistent Gaussian Fields.</summary>
    public GaussianLearningRates Gaussians { get; init; } = new();

    /// <summary>The face stage.</summary>
    public FaceStageSettings Face { get; init; } = new();

    /// <summary>The mouth stage.</summary>
    public MouthStageSettings Mouth { get; init; } = new();

    /// <summary>The fusion stage.</summary>
    public FuseStageSettings Fuse { get; init; } = new();

    /// <summary>Write a checkpoint every this many iterations of a stage (and at each stage's end).</summary>
    public int CheckpointEvery { get; init; } = 10_000;

    /// <summary>Score the val split every this many iterations of a stage (and at each stage's end); 0 only at the end.</summary>
    public int ValidateEvery { get; init; } = 5_000;

    /// <summary>Val frames scored by the periodic validation, spread evenly over the split (0: all). The final eval.json always uses all.</summary>
    public int ValidationFrames { get; init; } = 8;

    /// <summary>Iterations of <paramref name="stage"/>.</summary>
    public int IterationsOf(TrainingStage stage) => stage switch
    {
        TrainingStage.Face => Face.Iterations,
        TrainingStage.Mouth => Mouth.Iterations,
        _ => Fuse.Iterations,
    };

    /// <summary>Every problem of these settings (empty when they are usable), each naming the setting and the fix.</summary>
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (Stages.Length == 0) p.Add("stages: no stage to run; give at least one of face, mouth, fuse.");
        for (int i = 1; i < Stages.Length; i++)
            if (Stages[i] <= Stages[i - 1]) p.Add($"stages: {string.Join(", ", Stages)} is not in the order face, mouth, fuse without repeats.");
        if (Stages.Contains(TrainingStage.Fuse) && !(Stages.Contains(TrainingStage.Face) && Stages.Contains(TrainingStage.Mouth)))
            p.Add("stages: fusion (Eq. 8) needs both branches trained first in the same run; use face, mouth, fuse.");
        Positive(p, "face.iterations", Face.Iterations);
        Positive(p, "mouth.iterations", Mouth.Iterations);
        Positive(p, "fuse.iterations", Fuse.Iterations);
        Positive(p, "face.initial_gaussians", Face.InitialGaussians);
        Positive(p, "mouth.initial_gaussians", Mouth.InitialGaussians);
        Positive(p, "checkpoint_every", CheckpointEvery);
        if (ValidateEvery < 0) p.Add($"validate_every: {ValidateEvery} is negative; use 0 to validate only at the end of each stage.");
        if (TrainingBackground.Length != 3) p.Add("training_background: give three values (R, G, B) in [0, 1].");
        Fraction(p, "face.warm_up_fraction", Face.WarmUpFraction);
        Fraction(p, "face.sh_degree_step_fraction", Face.ShDegreeStepFraction);
        Fraction(p, "face.hair_mask_until_fraction", Face.HairMaskUntilFraction);
        Fraction(p, "face.closed_lips_from_fraction", Face.ClosedLipsFromFraction);
        Fraction(p, "face.lpips_from_fraction", Face.LpipsFromFraction);
        Fraction(p, "face.motion_lr_switch_fraction", Face.MotionLrSwitchFraction);
        Fraction(p, "face.motion_lr_decay_fraction", Face.MotionLrDecayFraction);
        Fraction(p, "mouth.warm_up_fraction", Mouth.WarmUpFraction);
        Fraction(p, "mouth.sh_degree_step_fraction", Mouth.ShDegreeStepFraction);
        Fraction(p, "mouth.final_fraction", Mouth.FinalFraction);
        Fraction(p, "mouth.motion_lr_switch_fraction", Mouth.MotionLrSwitchFraction);
        Fraction(p, "mouth.motion_lr_decay_fraction", Mouth.MotionLrDecayFraction);
        Fraction(p, "fuse.lpips_from_fraction", Fuse.LpipsFromFraction);
        Fraction(p, "gaussians.position_decay_fraction", Gaussians.PositionDecayFraction);
        Densification(p, "face.densification", Face.Densification);
        Densification(p, "mouth.densification", Mouth.Densification);
        if (Face.HairMaskInterval < 1) p.Add($"face.hair_mask_interval: {Face.HairMaskInterval} must be ≥ 1.");
        Patches(p, "face", Face.PatchSizeMin, Face.PatchSizeMax);
        Patches(p, "mouth", Mouth.PatchSizeMin, Mouth.PatchSizeMax);
        Patches(p, "fuse", Fuse.PatchSizeMin, Fuse.PatchSizeMax);
        if (Face.Sampling.Interval < 1) p.Add($"face.sampling.interval: K = {Face.Sampling.Interval} must be ≥ 1.");
        if (Mouth.Sampling.Interval < 1) p.Add($"mouth.sampling.interval: K = {Mouth.Sampling.Interval} must be ≥ 1.");
        if (Face.Sampling.BlinkLower > Face.Sampling.BlinkUpper)
            p.Add($"face.sampling.blink_lower {Face.Sampling.BlinkLower} is above face.sampling.blink_upper {Face.Sampling.BlinkUpper}; swap them.");
        if (Face.Sampling.LipsHalfWidth < 0) p.Add("face.sampling.lips_half_width must be ≥ 0.");
        if (!(Face.Sampling.SweepFraction > 0 && Face.Sampling.SweepFraction <= 1)) p.Add("face.sampling.sweep_fraction must lie in (0, 1].");
        if (!(Mouth.Sampling.SweepFraction > 0 && Mouth.Sampling.SweepFraction <= 1)) p.Add("mouth.sampling.sweep_fraction must lie in (0, 1].");
        return p;
    }

    private static void Positive(List<string> p, string name, int value)
    {
        if (value < 1) p.Add($"{name}: {value} must be at least 1.");
    }

    private static void Fraction(List<string> p, string name, float value)
    {
        if (!(value >= 0 && value <= 1)) p.Add($"{name}: {value} is a fraction of the stage and must lie in [0, 1].");
    }

    private static void Densification(List<string> p, string name, DensificationSettings d)
    {
        Fraction(p, name + ".from_fraction", d.FromFraction);
        Fraction(p, name + ".until_fraction", d.UntilFraction);
        Fraction(p, name + ".size_prune_from_fraction", d.SizePruneFromFraction);
        if (d.Interval < 1) p.Add($"{name}.interval: {d.Interval} must be ≥ 1.");
        if (!(d.GradThreshold > 0)) p.Add($"{name}.grad_threshold: {d.GradThreshold} must be positive.");
    }

    private static void Patches(List<string> p, string stage, int min, int max)
    {
        if (min < 8 || max < min) p.Add($"{stage}.patch_size_min/max: [{min}, {max}] must be a range of at least 8 pixels.");
    }
}
