namespace TalkingGaussian.Data;

/// <summary>One entry of <c>frames</c> in transforms_*.json: ids and the camera-to-world matrix (OpenGL axes, row-major 4×4).</summary>
public sealed record FrameTransform(int ImgId, int AudId, double[,] TransformMatrix);
