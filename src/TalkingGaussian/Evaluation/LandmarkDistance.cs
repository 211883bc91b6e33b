using TalkingGaussian.Data;

namespace TalkingGaussian.Evaluation;

/// <summary>
/// Landmark distance on the mouth (LMD) as the released <c>metrics.py</c> computes it (original-code.md §6.3): the 20
/// mouth points 48–67 of each frame, each set centred on its own mean (so head translation does not count), the mean
/// Euclidean distance between corresponding points, in the video's pixels; a run's LMD is the mean over frames.
/// </summary>
public static class LandmarkDistance
{
    /// <summary>First mouth point (iBUG 48, outer lip corner).</summary>
    public const int FirstMouthPoint = 48;

    /// <summary>Mouth points 48–67.</summary>
    public const int MouthPoints = 20;

    /// <summary>The mouth LMD of one frame, in pixels.</summary>
    public static double Mouth(FaceLandmarks predicted, FaceLandmarks truth)
    {
        double pcx = 0, pcy = 0, tcx = 0, tcy = 0;
        for (int i = FirstMouthPoint; i < FirstMouthPoint + MouthPoints; i++)
        {
            pcx += predicted.X(i); pcy += predicted.Y(i);
            tcx += truth.X(i); tcy += truth.Y(i);
        }
        pcx /= MouthPoints; pcy /= MouthPoints; tcx /= MouthPoints; tcy /= MouthPoints;
        double sum = 0;
        for (int i = FirstMouthPoint; i < FirstMouthPoint + MouthPoints; i++)
        {
            double dx = (predicted.X(i) - pcx) - (truth.X(i) - tcx);
            double dy = (predicted.Y(i) - pcy) - (truth.Y(i) - tcy);
            sum += Math.Sqrt(dx * dx + dy * dy);
        }
        return sum / MouthPoints;
    }
}
