using System.Runtime.CompilerServices;

namespace TalkingGaussian.Rendering;

/// <summary>The compositing constants of <see cref="RasterSettings"/> plus the background, blittable for kernels.</summary>
public readonly struct BlendParams
{
    public readonly float AlphaCap, MinAlpha, TransmittanceEpsilon, BgR, BgG, BgB;
    public readonly int Width, Height, TilesX, TilesY;

    public BlendParams(Camera camera, RasterSettings settings)
    {
        AlphaCap = settings.AlphaCap;
        MinAlpha = settings.MinAlpha;
        TransmittanceEpsilon = settings.TransmittanceEpsilon;
        (BgR, BgG, BgB) = settings.Background;
        Width = camera.Width;
        Height = camera.Height;
        TilesX = (camera.Width + RasterSettings.TileSize - 1) / RasterSettings.TileSize;
        TilesY = (camera.Height + RasterSettings.TileSize - 1) / RasterSettings.TileSize;
    }
}

/// <summary>Running front-to-back sums of one pixel (Eq. 2).</summary>
public struct PixelAccumulator
{
    public float T, R, G, B, Depth;

    /// <summary>Gaussians evaluated (the pixel's alpha evaluations) and the count up to the last one blended.</summary>
    public int Evaluated, LastContributor;

    /// <summary>Whether the pixel stopped early (transmittance exhausted).</summary>
    public bool Done;

    public static PixelAccumulator Start => new() { T = 1f };
}

/// <summary>Back-to-front state of one pixel in the backward pass (original-code.md §7.3).</summary>
public struct PixelBackwardState
{
    /// <summary>Transmittance before the current Gaussian, recovered by division from T_final.</summary>
    public float T;

    /// <summary>T_final (transmittance after the last contributor).</summary>
    public float TFinal;

    /// <summary>Upstream gradients of this pixel: colour, depth, alpha, and bg·∂L/∂C.</summary>
    public float GR, GG, GB, GDepth, GAlpha, BgDot;

    /// <summary>Composite of the Gaussians behind the current one, normalised by their entry transmittance.</summary>
    public float AccR, AccG, AccB, AccDepth, AccAlpha;
}

/// <summary>
/// Per-(pixel, Gaussian) compositing of Eq. 2 of the paper, C(x) = Σᵢ cᵢ α̃ᵢ Πⱼ&lt;ᵢ(1 − α̃ⱼ), α̃ᵢ = αᵢ 𝒢ᵢ(x), with the
/// released rasterizer's constants (cap, skip, stop), and its backward step. The kernels' helper; the reference rasterizer
/// composites with its own code (<see cref="ReferencePixels"/>).
/// </summary>
public static class Compositing
{
    /// <summary>
    /// α̃ of <paramref name="s"/> at pixel centre (px, py), or 0 when it is skipped: power = −½ dᵀ Σ2D⁻¹ d &gt; 0 (a non-positive conic),
    /// α̃ &lt; MinAlpha. Capped at AlphaCap. Returns 𝒢 in <paramref name="gauss"/> and d = mean − pixel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Alpha(in Splat s, float px, float py, float alphaCap, float minAlpha,
        out float gauss, out float dx, out float dy)
    {
        dx = s.X - px;
        dy = s.Y - py;
        float power = -0.5f * (s.ConicA * dx * dx + s.ConicC * dy * dy) - s.ConicB * dx * dy;
        gauss = 0f;
        if (power > 0f || power < s.PowerFloor) return 0f; // the floor only rejects what MinAlpha would reject anyway
        gauss = MathF.Exp(power);
        float alpha = MathF.Min(alphaCap, s.Opacity * gauss);
        return alpha < minAlpha ? 0f : alpha;
    }

    /// <summary>
    /// Blends one Gaussian into a pixel, front to back. A Gaussian whose blend would take T·(1 − α̃) below the epsilon is not
    /// blended and the pixel stops (<see cref="PixelAccumulator.Done"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Blend(ref PixelAccumulator acc, in Splat s, float px, float py, in BlendParams bp)
    {
        acc.Evaluated++;
        float alpha = Alpha(s, px, py, bp.AlphaCap, bp.MinAlpha, out _, out _, out _);
        if (alpha == 0f) return;
        float next = acc.T * (1f - alpha);
        if (next < bp.TransmittanceEpsilon)
        {
            acc.Done = true;
            return;
        }
        float w = alpha * acc.T;
        acc.R += w * s.R;
        acc.G += w * s.G;
        acc.B += w * s.B;
        acc.Depth += w * s.Depth;
        acc.T = next;
        acc.LastContributor = acc.Evaluated;
    }

    /// <summary>Initial back-to-front state of a pixel from its final transmittance and upstream gradients.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PixelBackwardState StartBackward(float tFinal, float gr, float gg, float gb, float gDepth, float gAlpha, in BlendParams bp)
    {
        var st = default(PixelBackwardState);
        st.T = tFinal;
        st.TFinal = tFinal;
        st.GR = gr; st.GG = gg; st.GB = gb; st.GDepth = gDepth; st.GAlpha = gAlpha;
        st.BgDot = bp.BgR * gr + bp.BgG * gg + bp.BgB * gb;
        return st;
    }

    /// <summary>
    /// Backward of one blended Gaussian, visiting Gaussians back to front. With Tᵢ the transmittance in front of i and acc the
    /// normalised composite behind it, an output O = Σ vᵢα̃ᵢTᵢ + T_final·bg has
    /// ∂O/∂α̃ᵢ = Tᵢ(vᵢ − accᵢ) − T_final·bg/(1 − α̃ᵢ), and accᵢ₋₁ = vᵢα̃ᵢ + (1 − α̃ᵢ)accᵢ.
    /// Then α̃ = α·𝒢 (the cap ignored, as the original), 𝒢 = e^power, power = −½(A dx² + C dy²) − B dx dy.
    /// Adds the contributions to <paramref name="grad"/>; returns false if the Gaussian was skipped in the forward pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BackwardStep(ref PixelBackwardState st, in Splat s, float px, float py, in BlendParams bp, ref SplatGrad grad)
    {
        float alpha = Alpha(s, px, py, bp.AlphaCap, bp.MinAlpha, out float gauss, out float dx, out float dy);
        if (alpha == 0f) return false;
        float oneMinus = 1f - alpha;
        st.T /= oneMinus; // T in front of this Gaussian
        float w = alpha * st.T;
        grad.R += w * st.GR;
        grad.G += w * st.GG;
        grad.B += w * st.GB;
        grad.Depth += w * st.GDepth;

        float dAlpha = st.T * ((s.R - st.AccR) * st.GR + (s.G - st.AccG) * st.GG + (s.B - st.AccB) * st.GB
                               + (s.Depth - st.AccDepth) * st.GDepth + (1f - st.AccAlpha) * st.GAlpha)
                       - st.TFinal / oneMinus * st.BgDot;
        st.AccR = alpha * s.R + oneMinus * st.AccR;
        st.AccG = alpha * s.G + oneMinus * st.AccG;
        st.AccB = alpha * s.B + oneMinus * st.AccB;
        st.AccDepth = alpha * s.Depth + oneMinus * st.AccDepth;
        st.AccAlpha = alpha + oneMinus * st.AccAlpha;

        grad.Opacity += gauss * dAlpha;
        float dPower = s.Opacity * dAlpha * gauss; // ∂L/∂power = α·𝒢·∂L/∂α̃
        // ∂power/∂(mean x, mean y) with d = mean − pixel; ∂power/∂(A, B, C) = (−½dx², −dx·dy, −½dy²).
        grad.X += dPower * (-s.ConicA * dx - s.ConicB * dy);
        grad.Y += dPower * (-s.ConicC * dy - s.ConicB * dx);
        grad.ConicA += dPower * (-0.5f * dx * dx);
        grad.ConicB += dPower * (-dx * dy);
        grad.ConicC += dPower * (-0.5f * dy * dy);
        return true;
    }
}
