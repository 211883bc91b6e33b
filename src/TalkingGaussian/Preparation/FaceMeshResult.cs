namespace TalkingGaussian.Preparation;

/// <summary>
/// The 468 MediaPipe face-mesh points of one frame in image pixels: x (column), y (row) and a relative depth z in the
/// same pixel units (smaller is nearer the camera), laid out [x0, y0, z0, x1, …]. <see cref="Presence"/> is the mesh
/// network's face-presence probability.
/// </summary>
public sealed record FaceMeshResult(float[] Points, float Presence)
{
    public const int PointCount = 468;

    public float X(int i) => Points[3 * i];
    public float Y(int i) => Points[3 * i + 1];
    public float Z(int i) => Points[3 * i + 2];
}
