namespace TalkingGaussian.Data;

/// <summary>
/// RGB colours of the parsing PNGs (shared/reference/original-code.md §1.4). The original's face parser paints its
/// 19 classes into these six colours; the synthetic speaker paints the same ones.
/// </summary>
public static class ParsingColors
{
    /// <summary>Background (class 0): white.</summary>
    public static readonly (byte R, byte G, byte B) Background = (255, 255, 255);

    /// <summary>Face/head (skin, brows, eyes, glasses, ears, nose, lips, hat): blue.</summary>
    public static readonly (byte R, byte G, byte B) Face = (0, 0, 255);

    /// <summary>Inner mouth (class 11): grey 100.</summary>
    public static readonly (byte R, byte G, byte B) Mouth = (100, 100, 100);

    /// <summary>Neck and necklace (14, 15): green.</summary>
    public static readonly (byte R, byte G, byte B) Neck = (0, 255, 0);

    /// <summary>Cloth/torso (16): red.</summary>
    public static readonly (byte R, byte G, byte B) Torso = (255, 0, 0);

    /// <summary>Hair (17): black.</summary>
    public static readonly (byte R, byte G, byte B) Hair = (0, 0, 0);
}
