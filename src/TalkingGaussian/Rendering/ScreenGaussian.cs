namespace TalkingGaussian.Rendering;

/// <summary>A projected Gaussian: mean in pixels, view depth, 2×2 screen covariance (px²) and the 3σ radius in pixels.</summary>
public sealed record ScreenGaussian(float X, float Y, float Depth, double[,] Sigma2D, int Radius);
