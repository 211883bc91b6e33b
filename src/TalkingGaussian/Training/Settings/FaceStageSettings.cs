using TalkingGaussian.Training.Sampling;

namespace TalkingGaussian.Training.Settings;

/// <summary>
/// The face branch's stage (paper §3.4 static initialisation and motion learning, Eq. 9–10; released <c>train_face.py</c>,
/// original-code.md §5.1). Phase boundaries are fractions of <see cref="Iterations"/> (released: 50,000).
/// </summary>
public sealed record FaceStageSettings
{
    /// <summary>Iterations of the stage (released 50,000).</summary>
    public int Iterations { get; init; } = 50_000;

    /// <summary>Initial Gaussians, uniform in the ±0.1 cube (released <c>--init_num 2000</c>).</summary>
    public int InitialGaussians { get; init; } = 2000;

    /// <summary>Static initialisation (vanilla 3DGS, Eq. 9) before this fraction, motion learning (Eq. 10) after (3,000 / 50,000).</summary>
    public float WarmUpFraction { get; init; } = 0.06f;

    /// <summary>The active SH degree grows by one every this fraction of the stage (1,000 / 50,000), up to the field's degree.</summary>
    public float ShDegreeStepFraction { get; init; } = 0.02f;

    /// <summary>Clone/split/prune schedule: threshold 0.0005, until 49,000 / 50,000.</summary>
    public DensificationSettings Densification { get; init; } = new() { GradThreshold = 0.0005f, UntilFraction = 0.98f };

    /// <summary>Every this many iterations after densification starts, Gaussians whose colour is the green background are deleted (100).</summary>
    public int BackgroundPruneInterval { get; init; } = 100;

    /// <summary>Hair is masked out of the loss (both images set to the background on hair pixels) on iterations k mod 7 ≠ 0 ...</summary>
    public int HairMaskInterval { get; init; } = 7;

    /// <summary>... after warm-up and before this fraction (46,000 / 50,000).</summary>
    public float HairMaskUntilFraction { get; init; } = 0.92f;

    /// <summary>After this fraction the mouth mask is closed with a 3×3 box before it is cut from the target (47,000 / 50,000).</summary>
    public float ClosedLipsFromFraction { get; init; } = 0.94f;

    /// <summary>After this fraction the LPIPS terms are added (47,000 / 50,000), when a perceptual loss is available.</summary>
    public float LpipsFromFraction { get; init; } = 0.94f;

    /// <summary>Motion learning-rate factor 0.5^(k/S) before S = this fraction (40,000 / 50,000) ...</summary>
    public float MotionLrSwitchFraction { get; init; } = 0.8f;

    /// <summary>... and 0.1^(k/B) after it, B = this fraction (50,000 / 50,000).</summary>
    public float MotionLrDecayFraction { get; init; } = 1f;

    /// <summary>Weight of the L1 regulariser on each of Δμ, Δq, Δα, Δs (1e-5).</summary>
    public float DeformationWeight { get; init; } = 1e-5f;

    /// <summary>Weight of the opacity-mask term mean((1−A)·head) + mean(A·¬head) (1e-3).</summary>
    public float AlphaWeight { get; init; } = 1e-3f;

    /// <summary>Weight of each attention term: eye attention over the lips, and both attentions over hair (1e-4).</summary>
    public float AttentionWeight { get; init; } = 1e-4f;

    /// <summary>Weight of LPIPS on the lips rectangle (0.01).</summary>
    public float LipsLpipsWeight { get; init; } = 0.01f;

    /// <summary>Weight of the mean LPIPS over p×p patches of the rest of the image (0.2).</summary>
    public float PatchLpipsWeight { get; init; } = 0.2f;

    /// <summary>Smallest patch size p (64); p is drawn from the even sizes in [min, max].</summary>
    public int PatchSizeMin { get; init; } = 64;

    /// <summary>Largest patch size p (96).</summary>
    public int PatchSizeMax { get; init; } = 96;

    /// <summary>
    /// False (released): the inside mouth is painted the background in the target and left to the mouth branch (the
    /// Face-Mouth Decomposition, §3.3). True: the face branch learns the inside mouth as well, so one motion field moves the
    /// lips and the teeth together: the single-field model of the paper's Fig. 4, for comparison (it needs no mouth stage,
    /// and <see cref="Model.SingleFieldHead"/> renders it).
    /// </summary>
    public bool LearnInsideMouth { get; init; }

    /// <summary>The incremental sampler's windows (lips opening, then blink).</summary>
    public FaceSamplingSettings Sampling { get; init; } = new();
}
