using TalkingGaussian.Gaussians;
using TalkingGaussian.Motion;
using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Training;

/// <summary>
/// Everything a run has learned so far and the optimiser state that continues it: both branches' Persistent Gaussian Fields
/// with their Adam state and densification statistics, both motion fields' parameters with their AdamW state, and where the
/// run is (stage, next iteration, finished stages). A checkpoint is this plus the current stage's random-number and sampler state.
/// </summary>
public sealed class TrainingState
{
    /// <summary>A fresh state for motion fields of the given settings.</summary>
    public TrainingState(FaceMotionSettings? faceMotion = null, MouthMotionSettings? mouthMotion = null)
    {
        FaceField = new FaceMotionField(faceMotion);
        MouthField = new MouthMotionField(mouthMotion);
    }

    /// <summary>A fresh state whose motion fields read the audio features <paramref name="settings"/> names.</summary>
    public static TrainingState For(TrainingSettings settings)
    {
        var audio = MotionAudio.For(settings.AudioExtractor);
        return new TrainingState(new FaceMotionSettings { Audio = audio }, new MouthMotionSettings { Audio = audio });
    }

    /// <summary>The face motion field's shape (Eq. 6).</summary>
    public FaceMotionField FaceField { get; }

    /// <summary>The mouth motion field's shape (Eq. 7).</summary>
    public MouthMotionField MouthField { get; }

    /// <summary>Face Gaussians and their optimiser (null before the face stage starts).</summary>
    public GaussianFieldOptimizer? FaceGaussians { get; set; }

    /// <summary>Face motion parameters and their optimiser.</summary>
    public MotionFieldOptimizer? FaceMotion { get; set; }

    /// <summary>Mouth Gaussians and their optimiser (null before the mouth stage starts).</summary>
    public GaussianFieldOptimizer? MouthGaussians { get; set; }

    /// <summary>Mouth motion parameters and their optimiser.</summary>
    public MotionFieldOptimizer? MouthMotion { get; set; }

    /// <summary>The stage in progress (or the next one to start).</summary>
    public TrainingStage Stage { get; set; } = TrainingStage.Face;

    /// <summary>The next iteration of <see cref="Stage"/> to run.</summary>
    public int Iteration { get; set; }

    /// <summary>Stages that have run to their end.</summary>
    public HashSet<TrainingStage> Completed { get; } = [];

    /// <summary>The face field (throws with the reason when the face stage has not run).</summary>
    public PersistentGaussianField RequireFace() => FaceGaussians?.Field
        ?? throw new InvalidOperationException("The face branch has not been trained yet: run the face stage first (stages face, mouth, fuse).");

    /// <summary>The mouth field (throws with the reason when the mouth stage has not run).</summary>
    public PersistentGaussianField RequireMouth() => MouthGaussians?.Field
        ?? throw new InvalidOperationException("The inside-mouth branch has not been trained yet: run the mouth stage first (stages face, mouth, fuse).");
}
