namespace TalkingGaussian.Motion;

/// <summary>
/// The budget of <see cref="SyntheticMotionFit"/>. The defaults are notebook 03's: they learn the toy jaw motion in a
/// few hundred steps on a 2-core CPU; scale <see cref="Steps"/> up for a closer fit.
/// </summary>
public sealed record SyntheticMotionFitSettings
{
    /// <summary>Gaussians of the stylised head (<see cref="SyntheticMotion.Head"/>); the cost of a step grows with them.</summary>
    public int Gaussians { get; init; } = 3000;

    /// <summary>AdamW steps, one frame each (as the released training takes one frame per iteration).</summary>
    public int Steps { get; init; } = 400;

    /// <summary>Length of the synthetic sequence the frames are drawn from.</summary>
    public int Frames { get; init; } = 200;

    /// <summary>
    /// Every group's released learning rate (original-code.md §4.6) is multiplied by a factor that decays log-linearly
    /// from this to <see cref="FinalRateFactor"/> over the run, so a few hundred steps do the work of tens of thousands.
    /// At ×30 → ×3 over 400 steps (the first version of notebook 03) AdamW moves each weight of the per-frame audio
    /// networks by ≈0.015 per step against an initial scale of ≈0.1; in some runs the attended audio feature a blew up
    /// (|a| from ≈1 to ≈200) or collapsed (≈0.3) and stopped following the openness, so the field learnt only the
    /// average jaw position (loss 4× lower, no visible opening). ×10 → ×1 over the same 400 steps lowered the loss 46–600×
    /// over seeds 1–4 (22–129× in 200 steps).
    /// </summary>
    public float InitialRateFactor { get; init; } = 10f;

    /// <summary>The rate factor at the last step.</summary>
    public float FinalRateFactor { get; init; } = 1f;

    /// <summary>Fixed frames, evenly spaced over the sequence, that <see cref="SyntheticMotionFit.Evaluate"/> averages over.</summary>
    public int EvaluationFrames { get; init; } = 12;

    /// <summary><see cref="SyntheticMotionFit.Run"/> evaluates before the first step, after every this many steps and at the end.</summary>
    public int EvaluateEvery { get; init; } = 25;

    /// <summary>Seeds the field's initialisation, the frame order and the audio windows' noise.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Throws on a setting the fit cannot use.</summary>
    public void Validate()
    {
        if (Gaussians < 1) throw new ArgumentOutOfRangeException(nameof(Gaussians), $"Gaussians must be at least 1; got {Gaussians}.");
        if (Steps < 1) throw new ArgumentOutOfRangeException(nameof(Steps), $"Steps must be at least 1; got {Steps}.");
        if (Frames < 1) throw new ArgumentOutOfRangeException(nameof(Frames), $"Frames must be at least 1; got {Frames}.");
        if (!(InitialRateFactor > 0) || !(FinalRateFactor > 0))
            throw new ArgumentOutOfRangeException(nameof(InitialRateFactor), "The learning-rate factors must be positive.");
        if (EvaluationFrames < 1 || EvaluationFrames > Frames)
            throw new ArgumentOutOfRangeException(nameof(EvaluationFrames), $"EvaluationFrames must be in [1, {Frames}]; got {EvaluationFrames}.");
        if (EvaluateEvery < 1)
            throw new ArgumentOutOfRangeException(nameof(EvaluateEvery), $"EvaluateEvery must be at least 1; got {EvaluateEvery}.");
    }
}
