namespace TalkingGaussian.Data.Synthetic;

/// <summary>
/// The parsing class of each synthetic Gaussian. Face, hair, mouth, neck and torso paint the parsing colours of
/// <see cref="ParsingColors"/>; teeth paint the mouth grey and also set the teeth mask (as the original's EasyPortrait step).
/// </summary>
public enum SyntheticClass
{
    /// <summary>Skin, eyes, lids, brows, nose, ears, lips: blue.</summary>
    Face,

    /// <summary>Hair: black.</summary>
    Hair,

    /// <summary>Inner mouth: grey 100.</summary>
    Mouth,

    /// <summary>Teeth: grey 100 in the parsing image and true in teeth_mask.</summary>
    Teeth,

    /// <summary>Neck: green.</summary>
    Neck,

    /// <summary>Torso (clothes): red.</summary>
    Torso,
}
