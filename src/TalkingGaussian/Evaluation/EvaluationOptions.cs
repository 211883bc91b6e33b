using TalkingGaussian.Training;

namespace TalkingGaussian.Evaluation;

/// <summary>What <see cref="VideoEvaluator"/> scores besides PSNR and SSIM, and where it finds the inputs.</summary>
public sealed record EvaluationOptions
{
    /// <summary>
    /// Folder of 68-point <c>.lms</c> files of the ground-truth frames (named by frame id, as <c>ori_imgs/</c>). Needed for
    /// the lips-rectangle PSNR, LMD and lip-sync. Null: <c>GT/ori_imgs</c> when the ground truth is a dataset folder.
    /// </summary>
    public string? TruthLandmarks { get; init; }

    /// <summary>Folder of <c>.lms</c> files of the predicted frames (a detector's output), for LMD.</summary>
    public string? PredictedLandmarks { get; init; }

    /// <summary><c>synthetic_truth.csv</c> for the lip-sync score. Null: <c>GT/synthetic_truth.csv</c> when it exists.</summary>
    public string? SyntheticTruth { get; init; }

    /// <summary>The LPIPS metric, or null when its weights are missing (then <see cref="LpipsUnavailable"/> says why).</summary>
    public IPerceptualLoss? Lpips { get; init; }

    /// <summary>Why LPIPS is not computed (reported instead of a number).</summary>
    public string LpipsUnavailable { get; init; } = "no LPIPS weights were given";

    /// <summary>How the inner-mouth area of a frame is measured for the lip-sync score.</summary>
    public InnerMouthArea MouthArea { get; init; } = new();

    /// <summary>Score at most this many frames (0: all, until the shorter sequence ends).</summary>
    public int MaxFrames { get; init; }

    /// <summary>Progress lines (about every 2 s); null for none.</summary>
    public Action<string>? Log { get; init; }
}
