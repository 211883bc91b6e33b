using OpenCvSharp;

namespace TalkingGaussian.Preparation;

/// <summary>
/// The parsing of one frame composed without a face-parsing network (none is obtainable here) from the selfie matte
/// and the face mesh:
/// <list type="bullet">
/// <item>background (white): pixels the matte gives to the background, outside the face outline;</item>
/// <item>face (blue): inside the mesh's face outline (<see cref="MeshRegions.FaceOval"/>);</item>
/// <item>inner mouth (grey): inside the inner-lip ring (<see cref="MeshRegions.InnerLips"/>);</item>
/// <item>below the jaw line (the lower face outline, continued outwards at chin height): skin-coloured person pixels
/// within the jaw's width are neck (green), the other person pixels torso (red);</item>
/// <item>hair (black): the remaining person pixels above the jaw line (so ears and hair fringes are hair).</item>
/// </list>
/// Skin colour is learnt from each frame's cheeks (mean and covariance of Cr, Cb; a pixel is skin within 3σ and not
/// much darker than the cheeks). Teeth are the bright, unsaturated pixels inside the inner-lip ring. Known errors
/// against a real parser: fringes over the forehead count as face, ears as hair, beards as face, skin-coloured clothes
/// and open necklines as neck.
/// </summary>
public sealed class FaceParsing : IDisposable
{
    /// <summary>Matte probability above which a pixel belongs to the person.</summary>
    public const float PersonThreshold = 0.5f;

    private readonly Mat _face = new(), _mouth = new(), _cheeks = new(), _ycrcb = new(), _hsv = new();

    /// <summary>Writes the class map (one <see cref="ParsingClass"/> byte per pixel, row-major) and the teeth mask of one frame.</summary>
    public unsafe void Compose(Mat bgr, Mat matte, FaceMeshResult mesh, byte[] classes, bool[] teeth)
    {
        int w = bgr.Width, h = bgr.Height, n = w * h;
        if (classes.Length != n || teeth.Length != n) throw new ArgumentException($"Buffers must hold {n} pixels.");
        Fill(_face, bgr.Size(), mesh, MeshRegions.FaceOval);
        Fill(_mouth, bgr.Size(), mesh, MeshRegions.InnerLips);
        FillCheeks(_cheeks, bgr.Size(), mesh);
        Cv2.CvtColor(bgr, _ycrcb, ColorConversionCodes.BGR2YCrCb);
        Cv2.CvtColor(bgr, _hsv, ColorConversionCodes.BGR2HSV);
        var skin = SkinModel.Learn(_ycrcb, _cheeks, _hsv);
        var jaw = JawLine(mesh, w);
        var (jawLeft, jawRight) = (mesh.X(234), mesh.X(454));

        byte* face = (byte*)_face.Data, mouth = (byte*)_mouth.Data, ycc = (byte*)_ycrcb.Data, hsv = (byte*)_hsv.Data;
        float* person = (float*)matte.Data;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int i = y * w + x;
                teeth[i] = false;
                ParsingClass c;
                if (mouth[i] != 0)
                {
                    c = ParsingClass.Mouth;
                    teeth[i] = skin.IsTeeth(hsv[3 * i + 1], hsv[3 * i + 2]);
                }
                else if (face[i] != 0) c = ParsingClass.Face;
                else if (person[i] < PersonThreshold) c = ParsingClass.Background;
                else if (y < jaw[x]) c = ParsingClass.Hair;
                else if (x >= jawLeft && x <= jawRight && skin.IsSkin(ycc[3 * i], ycc[3 * i + 1], ycc[3 * i + 2])) c = ParsingClass.Neck;
                else c = ParsingClass.Torso;
                classes[i] = (byte)c;
            }
        }
    }

    /// <summary>
    /// The jaw line's row at every column: the lower face outline (ear to chin to ear) where it spans the column,
    /// the chin's row beyond it (so long hair beside the jaw stays hair down to chin height).
    /// </summary>
    private static float[] JawLine(FaceMeshResult mesh, int width)
    {
        // Lower half of the outline: from 234 (person's right) through 152 (chin) to 454, as (x, y), sorted by x.
        int start = Array.IndexOf(MeshRegions.FaceOval, 454), end = Array.IndexOf(MeshRegions.FaceOval, 234);
        var points = new List<(float X, float Y)>();
        for (int k = start; k <= end; k++) points.Add((mesh.X(MeshRegions.FaceOval[k]), mesh.Y(MeshRegions.FaceOval[k])));
        points.Sort((a, b) => a.X.CompareTo(b.X));
        float chin = mesh.Y(152);
        var row = new float[width];
        for (int x = 0; x < width; x++)
        {
            if (x <= points[0].X || x >= points[^1].X) { row[x] = chin; continue; }
            int j = 1;
            while (points[j].X < x) j++;
            var (a, b) = (points[j - 1], points[j]);
            float t = b.X > a.X ? (x - a.X) / (b.X - a.X) : 0;
            row[x] = a.Y + t * (b.Y - a.Y);
        }
        return row;
    }

    private static void Fill(Mat mask, Size size, FaceMeshResult mesh, int[] ring)
    {
        mask.Create(size, MatType.CV_8UC1);
        mask.SetTo(Scalar.All(0));
        var polygon = ring.Select(k => new Point((int)MathF.Round(mesh.X(k)), (int)MathF.Round(mesh.Y(k)))).ToArray();
        Cv2.FillPoly(mask, [polygon], Scalar.All(255));
    }

    /// <summary>Two cheek patches (below the eyes, beside the nose, above the mouth corners) to learn skin colour from.</summary>
    private static void FillCheeks(Mat mask, Size size, FaceMeshResult mesh)
    {
        mask.Create(size, MatType.CV_8UC1);
        mask.SetTo(Scalar.All(0));
        int[][] patches = [[116, 117, 118, 101, 36, 203, 206, 216, 192, 123], [345, 346, 347, 330, 266, 423, 426, 436, 416, 352]];
        var polygons = patches.Select(p => p.Select(k => new Point((int)MathF.Round(mesh.X(k)), (int)MathF.Round(mesh.Y(k)))).ToArray());
        Cv2.FillPoly(mask, polygons, Scalar.All(255));
    }

    public void Dispose()
    {
        _face.Dispose();
        _mouth.Dispose();
        _cheeks.Dispose();
        _ycrcb.Dispose();
        _hsv.Dispose();
    }
}
