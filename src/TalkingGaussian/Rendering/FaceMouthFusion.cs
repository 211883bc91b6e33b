namespace TalkingGaussian.Rendering;

/// <summary>
/// Fusion of the two branches (paper Eq. 8): the inside mouth lies behind the face, so
/// C_head = C_face·A_face + C_mouth·(1 − A_face). With renders on a black background the colours are already
/// premultiplied by their opacity, and the released code also lays the mouth over the torso-and-background plate P
/// (original-code.md §5.3, §6.1): mouth = C_m + P·(1 − A_m), head = C_f + mouth·(1 − A_f).
/// Images are planar RGB [3, H, W]; opacities [H, W].
/// </summary>
public static class FaceMouthFusion
{
    /// <summary>Writes the fused image into <paramref name="head"/> (and the mouth-over-plate layer into <paramref name="mouthLayer"/>, which the backward pass reads).</summary>
    public static void Forward(ReadOnlySpan<float> faceColor, ReadOnlySpan<float> faceAlpha, ReadOnlySpan<float> mouthColor,
        ReadOnlySpan<float> mouthAlpha, ReadOnlySpan<float> plate, Span<float> mouthLayer, Span<float> head)
    {
        int plane = faceAlpha.Length;
        Check(plane, faceColor, mouthColor, mouthAlpha, plate, mouthLayer, head);
        for (int c = 0; c < 3; c++)
        {
            int o = c * plane;
            for (int p = 0; p < plane; p++)
            {
                float mouth = mouthColor[o + p] + plate[o + p] * (1f - mouthAlpha[p]);
                mouthLayer[o + p] = mouth;
                head[o + p] = faceColor[o + p] + mouth * (1f - faceAlpha[p]);
            }
        }
    }

    /// <summary>
    /// Gradients of the fusion from ∂L/∂head <paramref name="g"/>: ∂L/∂C_f = g; ∂L/∂A_f = −Σ_c g_c·mouth_c;
    /// ∂L/∂C_m = g·(1 − A_f); ∂L/∂A_m = −Σ_c g_c(1 − A_f)·P_c. They are written (not added) into the four outputs.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> faceAlpha, ReadOnlySpan<float> plate, ReadOnlySpan<float> mouthLayer,
        Span<float> dFaceColor, Span<float> dFaceAlpha, Span<float> dMouthColor, Span<float> dMouthAlpha)
    {
        int plane = faceAlpha.Length;
        Check(plane, g, plate, mouthLayer, dFaceColor, dMouthColor);
        if (dFaceAlpha.Length < plane || dMouthAlpha.Length < plane) throw new ArgumentException($"Opacity gradients need {plane} values.");
        dFaceAlpha[..plane].Clear();
        dMouthAlpha[..plane].Clear();
        for (int c = 0; c < 3; c++)
        {
            int o = c * plane;
            for (int p = 0; p < plane; p++)
            {
                float gc = g[o + p], behind = 1f - faceAlpha[p];
                dFaceColor[o + p] = gc;
                dFaceAlpha[p] -= gc * mouthLayer[o + p];
                dMouthColor[o + p] = gc * behind;
                dMouthAlpha[p] -= gc * behind * plate[o + p];
            }
        }
    }

    private static void Check(int plane, ReadOnlySpan<float> faceColor, ReadOnlySpan<float> mouthColor, ReadOnlySpan<float> mouthAlpha,
        ReadOnlySpan<float> plate, ReadOnlySpan<float> mouthLayer, ReadOnlySpan<float> head)
    {
        if (mouthAlpha.Length < plane) throw new ArgumentException($"The mouth opacity needs {plane} values.");
        Check(plane, faceColor, mouthColor, plate, mouthLayer, head);
    }

    private static void Check(int plane, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, ReadOnlySpan<float> d, ReadOnlySpan<float> e)
    {
        if (a.Length < 3 * plane || b.Length < 3 * plane || c.Length < 3 * plane || d.Length < 3 * plane || e.Length < 3 * plane)
            throw new ArgumentException($"Fusion images must be [3, H, W] with H·W = {plane}.");
    }
}
