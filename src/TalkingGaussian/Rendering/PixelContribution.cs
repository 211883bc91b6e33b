namespace TalkingGaussian.Rendering;

/// <summary>One Gaussian's part in one pixel's colour (paper Eq. 2), front to back.</summary>
/// <param name="Index">Gaussian index.</param>
/// <param name="Depth">View depth z (the sort key).</param>
/// <param name="Gauss">𝒢ᵢᵖʳᵒʲ(x), the projected Gaussian at the pixel centre.</param>
/// <param name="Alpha">α̃ᵢ = min(cap, αᵢ𝒢ᵢ), or 0 when skipped (below 1/255).</param>
/// <param name="TransmittanceBefore">Tᵢ = Πⱼ&lt;ᵢ(1 − α̃ⱼ), what light still passes in front of it.</param>
/// <param name="Weight">α̃ᵢTᵢ, how much of cᵢ reaches the pixel.</param>
public sealed record PixelContribution(int Index, float Depth, float Gauss, float Alpha, float TransmittanceBefore, float Weight);
