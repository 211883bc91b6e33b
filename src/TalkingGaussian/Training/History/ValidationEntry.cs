using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Training.History;

/// <summary>One periodic validation: mean scores over the val frames scored (a line of validation.jsonl).</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Iteration">Iterations of the stage done when it was scored.</param>
/// <param name="Compared">What was compared with what.</param>
/// <param name="Psnr">Mean PSNR (dB).</param>
/// <param name="Ssim">Mean SSIM.</param>
/// <param name="LipsPsnr">Mean PSNR of the lips rectangle (dB).</param>
/// <param name="Frames">Val frames scored.</param>
public sealed record ValidationEntry(TrainingStage Stage, int Iteration, string Compared, double Psnr, double Ssim, double LipsPsnr, int Frames)
{
    /// <summary>The means of <paramref name="scores"/>.</summary>
    public static ValidationEntry Of(ValidationScores scores) => new(scores.Stage, scores.Iteration, scores.Compared,
        scores.MeanPsnr, scores.MeanSsim, scores.MeanLipsPsnr, scores.ImgIds.Length);
}
