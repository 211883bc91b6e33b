namespace TalkingGaussian.Motion;

/// <summary>
/// Sizes of the face branch's motion field (paper Eq. 6; original-code.md §4.3). Defaults are the released configuration:
/// H^F with 36 features, aud_ch_att MLP 36→32→32, eye_att ReLU(MLP 36→16→6), expression encoder MLP 5→16→5 on e[0:5]
/// with e[5] (AU45) passed through, sigma MLP 74→64→64→11, Δμ scaled by 0.01.
/// </summary>
public sealed record FaceMotionSettings
{
    /// <summary>Tri-plane encoder H^F.</summary>
    public TriPlaneSettings Grid { get; init; } = TriPlaneSettings.Face;

    /// <summary>Audio window shape and audio encoder sizes.</summary>
    public AudioSettings Audio { get; init; } = AudioSettings.DeepSpeech;

    /// <summary>Upper-face expression e: 6 AUs (AU01, 04, 05, 06, 07, 45; original-code.md §10.2).</summary>
    public int ExpressionDimension { get; init; } = 6;

    /// <summary>Hidden width of the expression encoder (applied to the first ExpressionDimension − 1 AUs).</summary>
    public int ExpressionHidden { get; init; } = 16;

    /// <summary>Hidden width of the audio region attention V_a (aud_ch_att_net).</summary>
    public int AudioAttentionHidden { get; init; } = 32;

    /// <summary>Layers of the audio region attention.</summary>
    public int AudioAttentionLayers { get; init; } = 2;

    /// <summary>Hidden width of the expression region attention V_e (eye_att_net).</summary>
    public int EyeAttentionHidden { get; init; } = 16;

    /// <summary>Layers of the expression region attention.</summary>
    public int EyeAttentionLayers { get; init; } = 2;

    /// <summary>Hidden width of the deformation decoder (sigma_net).</summary>
    public int SigmaHidden { get; init; } = 64;

    /// <summary>Layers of the deformation decoder.</summary>
    public int SigmaLayers { get; init; } = 3;

    /// <summary>Δμ = h[0:3] × this (0.01 released); Δq and Δs are unscaled.</summary>
    public float PositionScale { get; init; } = 0.01f;
}

/// <summary>
/// Sizes of the inside-mouth branch's motion field (paper Eq. 7; original-code.md §4.4): translation only, from
/// H^M(μ) ⊕ a through MLP 68→32→32→3, Δμ = h × 0.01 × (1/5, 1, 1/5) as released.
/// </summary>
public sealed record MouthMotionSettings
{
    /// <summary>Tri-plane encoder H^M.</summary>
    public TriPlaneSettings Grid { get; init; } = TriPlaneSettings.Mouth;

    /// <summary>Audio window shape and audio encoder sizes.</summary>
    public AudioSettings Audio { get; init; } = AudioSettings.DeepSpeech;

    /// <summary>Hidden width of the decoder.</summary>
    public int Hidden { get; init; } = 32;

    /// <summary>Layers of the decoder.</summary>
    public int Layers { get; init; } = 3;

    /// <summary>Δμ = h × 0.01 (before the per-axis factors).</summary>
    public float PositionScale { get; init; } = 0.01f;

    /// <summary>
    /// Extra per-axis factors on Δμ: the released code divides x and z by 5 (net scale 0.002, 0.01, 0.002), which the paper
    /// does not mention (original-code.md §10.3). Set (1, 1, 1) for the paper's plain form.
    /// </summary>
    public (float X, float Y, float Z) AxisScale { get; init; } = (0.2f, 1f, 0.2f);
}
