using TalkingGaussian.Data;

namespace TalkingGaussian.Preparation;

/// <summary>
/// Named point sets of MediaPipe's 468-point face mesh ("right" is the person's right, the image's left), and the
/// 468 → 68 map to the iBUG points the dataset stores. The map picks, for each iBUG point, the mesh vertex at the same
/// anatomical place (eye corners and lid midpoints, lip corners, the lip midline, brow points, nasal base); the jaw
/// contour matches least well because the mesh's outline follows the visible cheek while iBUG's follows the bone, which
/// matters little: the trainer uses the landmarks for the lips box (48–59), the mouth opening (60–67) and face boxes.
/// </summary>
public static class MeshRegions
{
    /// <summary>Mesh vertex of each iBUG point 0–67.</summary>
    public static readonly int[] Ibug68 =
    [
        // 0–16 jaw, from the person's right ear round the chin (152) to the left ear
        127, 234, 93, 132, 58, 136, 150, 176, 152, 400, 379, 365, 288, 361, 323, 454, 356,
        // 17–21 right brow (outer → inner), 22–26 left brow (inner → outer)
        70, 63, 105, 66, 107, 336, 296, 334, 293, 300,
        // 27–30 nose bridge down to the tip, 31–35 nasal base from right to left (2 = subnasale)
        168, 197, 5, 1, 98, 97, 2, 326, 327,
        // 36–41 right eye: outer corner, upper lid ×2, inner corner, lower lid ×2
        33, 160, 158, 133, 153, 144,
        // 42–47 left eye: inner corner, upper lid ×2, outer corner, lower lid ×2
        362, 385, 387, 263, 373, 380,
        // 48–59 outer lip from the right corner over the upper lip (0 = its midline) and back under the lower lip (17)
        61, 40, 37, 0, 267, 270, 291, 321, 314, 17, 84, 91,
        // 60–67 inner lip: right corner, upper (13 = midline), left corner, lower (14 = midline)
        78, 81, 13, 311, 308, 402, 14, 178,
    ];

    /// <summary>The face outline (MediaPipe's FACEMESH_FACE_OVAL), clockwise on the image from the top of the forehead (10).</summary>
    public static readonly int[] FaceOval =
        [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109];

    /// <summary>The inner-lip ring (the mouth opening), from the right corner (78) over the upper lip and back.</summary>
    public static readonly int[] InnerLips = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95];

    /// <summary>Right eye ring and left eye ring (lid contours).</summary>
    public static readonly int[] RightEye = [33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7];
    public static readonly int[] LeftEye = [362, 398, 384, 385, 386, 387, 388, 466, 263, 249, 390, 373, 374, 380, 381, 382];

    /// <summary>
    /// Vertices that move rigidly with the skull (forehead, temples, nose bridge and tip, eye corners, cheekbones):
    /// the head pose is fitted to these, not to the jaw, lips, lids or brows, which move with speech and expression.
    /// </summary>
    public static readonly int[] Rigid =
        [10, 151, 9, 8, 168, 6, 197, 195, 5, 4, 1, 33, 133, 362, 263, 127, 356, 234, 454, 109, 338, 67, 297, 103, 332, 116, 345, 123, 352, 98, 327, 2];

    /// <summary>The 68 iBUG landmarks of a mesh.</summary>
    public static FaceLandmarks ToIbug(FaceMeshResult mesh)
    {
        var xy = new float[2 * FaceLandmarks.Count];
        for (int i = 0; i < FaceLandmarks.Count; i++)
        {
            xy[2 * i] = mesh.X(Ibug68[i]);
            xy[2 * i + 1] = mesh.Y(Ibug68[i]);
        }
        return new FaceLandmarks(xy);
    }
}
