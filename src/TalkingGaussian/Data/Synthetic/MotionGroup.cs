namespace TalkingGaussian.Data.Synthetic;

/// <summary>How a synthetic Gaussian (or landmark anchor) moves with the face state.</summary>
public enum MotionGroup
{
    /// <summary>Rigid with the head.</summary>
    Head,

    /// <summary>Moves down with the jaw by weight × lower share of the lip gap (chin, lower lip, lower teeth).</summary>
    Jaw,

    /// <summary>Moves up by weight × upper share of the lip gap (upper lip).</summary>
    UpperLip,

    /// <summary>An upper eyelid: slides down over the eye and lengthens as the eye closes.</summary>
    Lid,

    /// <summary>A brow: raised by AU01, lowered by AU04.</summary>
    Brow,

    /// <summary>Neck and torso: fixed in the studio, so they move relative to the head frame.</summary>
    Body,
}
