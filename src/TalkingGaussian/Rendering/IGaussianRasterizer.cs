namespace TalkingGaussian.Rendering;

/// <summary>
/// The differentiable 3DGS rasterizer seam (paper §3.1, Eq. 1–2). Two implementations produce the same images and
/// gradients: <c>ReferenceRasterizer</c> (scalar C#, reads like the paper) and <c>IlgpuRasterizer</c>
/// (ILGPU kernels for the CPU accelerator and CUDA). An instance keeps the state of its last forward pass for
/// the backward pass and reuses its buffers; use one instance per concurrent render (e.g. face, mouth, attention).
/// </summary>
public interface IGaussianRasterizer : IDisposable
{
    /// <summary>Renders <paramref name="gaussians"/> seen by <paramref name="camera"/>.</summary>
    RasterOutput Forward(RasterInputs gaussians, Camera camera, RasterSettings settings);

    /// <summary>
    /// Back-propagates upstream image gradients through the last <see cref="Forward"/>:
    /// <paramref name="dColor"/> [3, H, W] and optional <paramref name="dAlpha"/>, <paramref name="dDepth"/> [H, W].
    /// </summary>
    RasterGradients Backward(ReadOnlySpan<float> dColor, ReadOnlySpan<float> dAlpha = default, ReadOnlySpan<float> dDepth = default);
}
