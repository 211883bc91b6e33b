using OpenCvSharp;

namespace TalkingGaussian.Preparation;

/// <summary>One frame's result: the face mesh (null when no face was found) and how many faces the detector saw.</summary>
public sealed record TrackedFace(FaceMeshResult? Mesh, int Detections);

/// <summary>
/// Finds the speaker's face mesh frame after frame, as MediaPipe's pipeline does: the mesh of the previous frame gives
/// the next crop (<see cref="FaceRegion.FromMesh"/>); when there is none, or the mesh network says the crop holds no face,
/// the detector's face nearest the previous one (else the largest) gives it. The detector also runs on every frame to
/// count faces, so frames with several people can be reported.
/// </summary>
public sealed class FaceTracker(FaceDetector detector, FaceMesh mesh) : IDisposable
{
    /// <summary>Face-presence probability a mesh needs.</summary>
    public const float MinPresence = 0.5f;

    private FaceMeshResult? _last;

    /// <summary>The next frame of a video (BGR).</summary>
    public TrackedFace Next(Mat bgr)
    {
        var detections = detector.Detect(bgr);
        FaceMeshResult? found = null;
        if (_last is not null) found = Accept(mesh.Run(bgr, FaceRegion.FromMesh(_last)));
        if (found is null && detections.Count > 0) found = MeshOf(bgr, Choose(detections));
        _last = found;
        return new TrackedFace(found, detections.Count);
    }

    /// <summary>The face mesh of a still image (the most confident face, its crop refined once by its own mesh), or null.</summary>
    public FaceMeshResult? Find(Mat bgr)
    {
        var detections = detector.Detect(bgr);
        return detections.Count == 0 ? null : MeshOf(bgr, detections[0]);
    }

    /// <summary>The mesh of a detected face: the detection's crop, refined once by the crop of its own mesh; null if the mesh network sees no face there.</summary>
    public FaceMeshResult? MeshOf(Mat bgr, FaceDetection d)
    {
        var first = Accept(mesh.Run(bgr, FaceRegion.FromDetection(d)));
        return first is null ? null : Accept(mesh.Run(bgr, FaceRegion.FromMesh(first))) ?? first;
    }

    private FaceDetection Choose(IReadOnlyList<FaceDetection> detections)
    {
        if (_last is null) return detections.MaxBy(d => d.Width * d.Height)!;
        float cx = _last.X(1), cy = _last.Y(1); // nose tip
        return detections.MinBy(d => Math.Pow(d.X + d.Width / 2 - cx, 2) + Math.Pow(d.Y + d.Height / 2 - cy, 2))!;
    }

    private static FaceMeshResult? Accept(FaceMeshResult m) => m.Presence >= MinPresence ? m : null;

    public void Dispose()
    {
        detector.Dispose();
        mesh.Dispose();
    }
}
