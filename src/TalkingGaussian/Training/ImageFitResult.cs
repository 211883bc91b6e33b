using TalkingGaussian.Rendering;

namespace TalkingGaussian.Training;

/// <summary>What <see cref="ImageFit"/> produced.</summary>
/// <param name="Losses">L1 loss before each step.</param>
/// <param name="Gaussians">The fitted Gaussians, activated (ready to render or show as a cloud).</param>
/// <param name="FinalColor">The final render, planar [3, H, W].</param>
/// <param name="Snapshots">Renders kept during the fit, planar [3, H, W] each (frames of a video).</param>
/// <param name="Camera">The camera the fit rendered with.</param>
public sealed record ImageFitResult(float[] Losses, RasterInputs Gaussians, float[] FinalColor, IReadOnlyList<float[]> Snapshots, Camera Camera);
