namespace TalkingGaussian.Data.Synthetic;

/// <summary>How a synthetic Gaussian (or landmark anchor) moves with the face state (<see cref="FaceDeformation"/>).</summary>
public enum MotionGroup
{
    /// <summary>Rigid with the head.</summary>
    Head,

    /// <summary>Below the mouth line (lower lip, lower teeth, tongue, chin and cheek skin): drops by the jaw drop × w(x, y, z) (<see cref="MouthField.SoftTissue"/>) and stretches with it.</summary>
    LowerFace,

    /// <summary>Upper lip: rises by the lip rise × q(x), sliding over the face surface.</summary>
    UpperLip,

    /// <summary>An upper eyelid: slides down over the eye and lengthens as the eye closes.</summary>
    Lid,

    /// <summary>A brow: raised by AU01, lowered by AU04.</summary>
    Brow,

    /// <summary>Neck and torso: fixed in the studio, so they move relative to the head frame.</summary>
    Body,
}
