namespace TalkingGaussian.Inference;

/// <summary>
/// One frame of a pose track: the recorded frame <paramref name="ImgId"/> whose torso plate is shown, the camera-to-world
/// <paramref name="TransformMatrix"/> (OpenGL axes, as transforms_*.json) and the upper-face expression
/// <paramref name="Expression"/> [AU01, AU04, AU05, AU06, AU07, AU45 ∈ [0, 2]] that conditions the face motion field.
/// </summary>
public sealed record PoseFrame(int ImgId, double[,] TransformMatrix, float[] Expression);
