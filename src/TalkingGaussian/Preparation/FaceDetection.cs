namespace TalkingGaussian.Preparation;

/// <summary>
/// One face found by <see cref="FaceDetector"/>, in image pixels: the box, the detector's score and its six keypoints
/// (the person's right eye, left eye, nose tip, mouth centre, right ear tragion, left ear tragion; "right" is the
/// person's right, on the image's left for a frontal face).
/// </summary>
public sealed record FaceDetection(float X, float Y, float Width, float Height, float Score, (float X, float Y)[] Keypoints)
{
    public (float X, float Y) RightEye => Keypoints[0];
    public (float X, float Y) LeftEye => Keypoints[1];

    /// <summary>Intersection over union of the two boxes.</summary>
    public float Iou(FaceDetection other)
    {
        float x0 = Math.Max(X, other.X), y0 = Math.Max(Y, other.Y);
        float x1 = Math.Min(X + Width, other.X + other.Width), y1 = Math.Min(Y + Height, other.Y + other.Height);
        float inter = Math.Max(0, x1 - x0) * Math.Max(0, y1 - y0);
        float union = Width * Height + other.Width * other.Height - inter;
        return union > 0 ? inter / union : 0;
    }
}
