namespace TalkingGaussian.Gaussians;

/// <summary>
/// The released code's handling of Gaussians that learned the green training background (original-code.md §3.5):
/// the face stage deletes them, the mouth stage resets them. Colours are each Gaussian's SH colour for the current camera
/// at the active degree (c = Σ f·Y + 0.5, clamped ≥ 0), computed by the caller.
/// </summary>
public static class GreenBackgroundGaussians
{
    /// <summary>A colour counts as background when R &lt; MaxRed, G &gt; MinGreen and B &lt; MaxBlue (all in [0, 1]).</summary>
    public readonly record struct Thresholds(float MaxRed, float MinGreen, float MaxBlue);

    /// <summary>Face stage ("bg prune", every 100 iterations past 500): R &lt; 30/255, G &gt; 225/255, B &lt; 30/255.</summary>
    public static Thresholds Face { get; } = new(30f / 255f, 225f / 255f, 30f / 255f);

    /// <summary>Mouth stage (after each densify step): R &lt; 20/255, G &gt; 235/255, B &lt; 20/255.</summary>
    public static Thresholds Mouth { get; } = new(20f / 255f, 235f / 255f, 20f / 255f);

    /// <summary>Marks the Gaussians whose colour ([N, 3] RGB) is background green; returns how many.</summary>
    public static int Mark(ReadOnlySpan<float> colors, Thresholds t, Span<bool> isBackground)
    {
        int n = colors.Length / 3, count = 0;
        if (isBackground.Length < n) throw new ArgumentException($"The mask has {isBackground.Length} entries; {n} colours were given.");
        for (int i = 0; i < n; i++)
        {
            bool green = colors[3 * i] < t.MaxRed && colors[3 * i + 1] > t.MinGreen && colors[3 * i + 2] < t.MaxBlue;
            isBackground[i] = green;
            if (green) count++;
        }
        return count;
    }

    /// <summary>
    /// The mouth stage's reset, in place and without touching optimizer state, as released: raw opacity = logit(0.1) and
    /// raw scale divided by 10 in softplus space, which for negative raw values enlarges the Gaussian toward softplus(0) ≈ 0.693
    /// (original-code.md §10.19). The halving of the gradient accumulator there is a no-op and is not reproduced.
    /// </summary>
    public static void ResetForMouth(PersistentGaussianField field, ReadOnlySpan<bool> isBackground)
    {
        if (isBackground.Length < field.Count) throw new ArgumentException($"The mask has {isBackground.Length} entries; the field has {field.Count} Gaussians.");
        float opacityRaw = Activations.Logit(0.1f);
        for (int i = 0; i < field.Count; i++)
        {
            if (!isBackground[i]) continue;
            field.OpacitiesRaw[i] = opacityRaw;
            for (int c = 0; c < 3; c++) field.ScalesRaw[3 * i + c] /= 10f;
        }
    }
}
