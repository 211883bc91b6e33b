using OpenCvSharp;
using TalkingGaussian.Data;
using TalkingGaussian.Media;

namespace TalkingGaussian.Preparation;

/// <summary>
/// A one-page check of a prepared dataset (any folder in the original format): six frames spread over the video with
/// their 68 landmarks (lips red) and the head axes of their fitted pose (X red, Y green, Z blue, 5 cm from the head
/// origin), the same frames under their parsing colours (teeth yellow), and the blink and mouth-opening curves over the
/// whole video with the six frames marked. Look for landmarks on the face in every tile, parsing classes where they
/// belong, axes that turn with the head, blinks as spikes of the blue curve and speech as the red one.
/// </summary>
public static class ContactSheet
{
    public const string FileName = "preview.png";
    private const int Tiles = 6, Tile = 256, ChartHeight = 180, TitleHeight = 28;

    /// <summary>Writes the sheet of the dataset in <paramref name="folder"/> to <paramref name="path"/> and returns the path.</summary>
    public static string Write(string folder, string path)
    {
        var files = new DatasetFiles(folder);
        var train = TransformsFile.Read(files.Transforms(DatasetSplit.Train));
        var val = TransformsFile.Read(files.Transforms(DatasetSplit.Val));
        var frames = train.Frames.Concat(val.Frames).OrderBy(f => f.ImgId).ToList();
        var au = ActionUnitTable.Read(files.ActionUnits);
        int n = frames.Count;
        var shown = Enumerable.Range(0, Tiles).Select(k => frames[(int)Math.Round(k * (n - 1) / (double)(Tiles - 1))]).ToArray();

        using var sheet = new Mat(TitleHeight + 2 * Tile + ChartHeight, Tiles * Tile, MatType.CV_8UC3, Scalar.White);
        var name = Path.GetFileName(files.Root.TrimEnd('/'));
        if (name.EndsWith(".tmp", StringComparison.Ordinal)) name = name[..^4]; // drawn before the folder is renamed
        Cv2.PutText(sheet, $"{name}: {n} frames, focal {train.FocalLength:F0} px", new Point(8, 20), HersheyFonts.HersheySimplex, 0.6, Scalar.Black, 1, LineTypes.AntiAlias);
        for (int t = 0; t < Tiles; t++)
        {
            var f = shown[t];
            var image = File.Exists(files.Original(f.ImgId)) ? files.Original(f.ImgId) : files.GroundTruth(f.ImgId);
            using var frame = Cv2.ImRead(image);
            double scale = Tile / (double)Math.Max(frame.Width, frame.Height);
            using var top = Landmarked(frame, FaceLandmarks.Read(files.Landmarks(f.ImgId)), f.TransformMatrix, train.FocalLength);
            using var bottom = Parsed(frame, files, f.ImgId);
            Place(sheet, top, scale, t * Tile, TitleHeight);
            Place(sheet, bottom, scale, t * Tile, TitleHeight + Tile);
            // Yellow on a black outline: readable on a bright wall or a dark one.
            var label = new Point(t * Tile + 4, TitleHeight + 16);
            Cv2.PutText(sheet, $"#{f.ImgId}", label, HersheyFonts.HersheySimplex, 0.5, Scalar.Black, 3, LineTypes.AntiAlias);
            Cv2.PutText(sheet, $"#{f.ImgId}", label, HersheyFonts.HersheySimplex, 0.5, Scalar.Yellow, 1, LineTypes.AntiAlias);
        }
        DrawCurves(sheet, files, au, frames, shown, new Rect(0, TitleHeight + 2 * Tile, Tiles * Tile, ChartHeight));
        Cv2.ImEncode(".png", sheet, out var png);
        AtomicFile.WriteAllBytes(path, png);
        return Path.GetFullPath(path);
    }

    private static Mat Landmarked(Mat frame, FaceLandmarks lms, double[,] c2w, double focal)
    {
        var m = frame.Clone();
        for (int i = 0; i < FaceLandmarks.Count; i++)
            Cv2.Circle(m, new Point(lms.X(i), lms.Y(i)), Math.Max(2, frame.Width / 200), i >= 48 ? Scalar.Red : Scalar.Lime, -1, LineTypes.AntiAlias);
        var origin = Project(c2w, focal, frame.Width, frame.Height, 0, 0, 0);
        var axes = new[] { (0.05, 0.0, 0.0, Scalar.Red), (0.0, 0.05, 0.0, Scalar.Lime), (0.0, 0.0, 0.05, Scalar.Blue) };
        foreach (var (x, y, z, color) in axes)
            if (origin is { } o && Project(c2w, focal, frame.Width, frame.Height, x, y, z) is { } p)
                Cv2.Line(m, o, p, color, Math.Max(2, frame.Width / 150), LineTypes.AntiAlias);
        return m;
    }

    /// <summary>A head-frame point (metres) in pixels: the camera-to-world matrix (OpenGL axes) inverted, y and z flipped to OpenCV axes, pinhole at the image centre.</summary>
    private static Point? Project(double[,] c2w, double focal, int w, int h, double x, double y, double z)
    {
        // p_gl = Rᵀ·(p − c), with R the rotation block and c the camera centre of c2w.
        double dx = x - c2w[0, 3], dy = y - c2w[1, 3], dz = z - c2w[2, 3];
        double gx = c2w[0, 0] * dx + c2w[1, 0] * dy + c2w[2, 0] * dz;
        double gy = c2w[0, 1] * dx + c2w[1, 1] * dy + c2w[2, 1] * dz;
        double gz = c2w[0, 2] * dx + c2w[1, 2] * dy + c2w[2, 2] * dz;
        if (gz >= 0) return null; // behind the camera (it looks down −z)
        return new Point(focal * gx / -gz + w / 2.0, focal * -gy / -gz + h / 2.0);
    }

    private static unsafe Mat Parsed(Mat frame, DatasetFiles files, int id)
    {
        var m = frame.Clone();
        var classes = new byte[frame.Width * frame.Height];
        ParsingImage.Read(files.Parsing(id), classes);
        bool[] teeth = File.Exists(files.Teeth(id)) ? Data.Npy.NpyReader.Read(files.Teeth(id)).ToBool() : new bool[classes.Length];
        byte* p = (byte*)m.Data;
        for (int i = 0; i < classes.Length; i++)
        {
            var (r, g, b) = teeth[i] ? ((byte)255, (byte)230, (byte)0) : ParsingClasses.Color((ParsingClass)classes[i]);
            p[3 * i] = (byte)((p[3 * i] + b) / 2);
            p[3 * i + 1] = (byte)((p[3 * i + 1] + g) / 2);
            p[3 * i + 2] = (byte)((p[3 * i + 2] + r) / 2);
        }
        return m;
    }

    private static void Place(Mat sheet, Mat image, double scale, int x, int y)
    {
        using var small = new Mat();
        Cv2.Resize(image, small, new Size((int)(image.Width * scale), (int)(image.Height * scale)), interpolation: InterpolationFlags.Area);
        using var roi = new Mat(sheet, new Rect(x, y, small.Width, small.Height));
        small.CopyTo(roi);
    }

    private static void DrawCurves(Mat sheet, DatasetFiles files, ActionUnitTable au, List<FrameTransform> frames, FrameTransform[] shown, Rect area)
    {
        int n = frames.Count;
        var blink = au.Column("AU45_r").Select(v => Math.Clamp(v, 0, 2) / 2).ToArray();
        var mouth = frames.Select(f => { var l = FaceLandmarks.Read(files.Landmarks(f.ImgId)); return (double)(Enumerable.Range(60, 8).Max(l.Y) - Enumerable.Range(60, 8).Min(l.Y)); }).ToArray();
        double mouthMax = Math.Max(1e-6, mouth.Max());
        int left = area.X + 40, right = area.X + area.Width - 10, top = area.Y + 20, bottom = area.Y + area.Height - 20;
        Cv2.Rectangle(sheet, new Rect(left, top, right - left, bottom - top), new Scalar(200, 200, 200));
        int X(int k) => left + (int)((right - left) * (n <= 1 ? 0 : k / (double)(n - 1)));
        int Y(double v) => bottom - (int)((bottom - top) * Math.Clamp(v, 0, 1));
        foreach (var f in shown) Cv2.Line(sheet, new Point(X(frames.IndexOf(f)), top), new Point(X(frames.IndexOf(f)), bottom), new Scalar(160, 160, 160));
        for (int k = 1; k < n; k++)
        {
            if (k < blink.Length) Cv2.Line(sheet, new Point(X(k - 1), Y(blink[k - 1])), new Point(X(k), Y(blink[k])), new Scalar(200, 80, 0), 1, LineTypes.AntiAlias);
            Cv2.Line(sheet, new Point(X(k - 1), Y(mouth[k - 1] / mouthMax)), new Point(X(k), Y(mouth[k] / mouthMax)), new Scalar(0, 0, 220), 1, LineTypes.AntiAlias);
        }
        Cv2.PutText(sheet, "blink = clip(AU45, 0, 2)/2", new Point(left, top - 5), HersheyFonts.HersheySimplex, 0.45, new Scalar(200, 80, 0), 1, LineTypes.AntiAlias);
        Cv2.PutText(sheet, $"mouth opening (inner lip, max {mouthMax:F0} px)", new Point(left + 260, top - 5), HersheyFonts.HersheySimplex, 0.45, new Scalar(0, 0, 220), 1, LineTypes.AntiAlias);
        Cv2.PutText(sheet, $"frames 0 to {n - 1} (25 per second)", new Point(left, bottom + 15), HersheyFonts.HersheySimplex, 0.4, Scalar.Black, 1, LineTypes.AntiAlias);
    }
}
