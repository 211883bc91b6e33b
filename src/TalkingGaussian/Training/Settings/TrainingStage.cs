namespace TalkingGaussian.Training.Settings;

/// <summary>The three stages of paper §3.4, in the order they run.</summary>
public enum TrainingStage
{
    /// <summary>The face branch: static initialisation, then motion learning with the face motion field.</summary>
    Face,

    /// <summary>The inside-mouth branch: static initialisation, then motion learning with the mouth motion field.</summary>
    Mouth,

    /// <summary>Colour fine-tuning of the fused image (Eq. 8, 11).</summary>
    Fuse,
}
