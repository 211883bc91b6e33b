using OpenCvSharp;

namespace TalkingGaussian.Preparation;

/// <summary>
/// The ground-truth and torso images of one frame by the original's algorithm (original-code.md §9.1, "GT and torso"):
/// gt = the frame with background pixels replaced by the plate; torso = gt with face pixels replaced by the plate, then
/// the torso's top pixel of every column that touches the head extended 9 px upwards, and the neck (dilated 3 px
/// vertically, its top pushed down by up to 4 px) extended 53 px upwards, each step darkened by 0.98, and the neck's
/// extension replaced by a 5×5 Gaussian blur (σ = 4, as the original's call passes BORDER_DEFAULT = 4 for σ);
/// alpha = neck ∪ torso ∪ extensions, with colour and alpha 0 elsewhere.
/// </summary>
public sealed class TorsoImages : IDisposable
{
    private const int TorsoReach = 9, NeckPushDown = 4, NeckReach = 48 + NeckPushDown + 1;
    private const double Darken = 0.98;
    private readonly Mat _blur = new();
    private byte[] _neck = [], _filled = [], _neckFill = [];

    /// <summary>Writes gt (BGR) and torso (BGRA) for a frame (BGR), its class map and the plate (BGR).</summary>
    public unsafe void Make(Mat frame, byte[] classes, Mat plate, Mat gt, Mat torso)
    {
        int w = frame.Width, h = frame.Height, n = w * h;
        frame.CopyTo(gt);
        byte* g = (byte*)gt.Data, bc = (byte*)plate.Data;
        for (int i = 0; i < n; i++)
            if (classes[i] == (byte)ParsingClass.Background) Copy3(bc, i, g, i);
        using var work = gt.Clone();
        byte* t = (byte*)work.Data;
        for (int i = 0; i < n; i++)
            if (classes[i] == (byte)ParsingClass.Face) Copy3(bc, i, t, i);

        if (_neck.Length != n) (_neck, _filled, _neckFill) = (new byte[n], new byte[n], new byte[n]);
        Array.Clear(_filled);
        Array.Clear(_neckFill);
        // Neck dilated by three 1-pixel steps up and down (a vertical 3×1 structuring element, 3 iterations).
        Array.Clear(_neck);
        for (int x = 0; x < w; x++)
            for (int y = 0; y < h; y++)
                if (classes[y * w + x] == (byte)ParsingClass.Neck)
                    for (int dy = -3; dy <= 3; dy++)
                        if (y + dy >= 0 && y + dy < h) _neck[(y + dy) * w + x] = 1;

        for (int x = 0; x < w; x++)
        {
            // Torso: its top pixel in this column, extended upwards if the pixel above it is face.
            int top = FirstRow(classes, (byte)ParsingClass.Torso, x, w, h, out _);
            if (top > 0 && classes[(top - 1) * w + x] == (byte)ParsingClass.Face)
                Extend(t, x, top, w, TorsoReach, _filled);
            // Neck: its top pixel pushed down by up to 4 (less for short runs), extended upwards if it touched the face.
            int neckTop = FirstRow(_neck, 1, x, w, h, out int count);
            if (neckTop > 0 && classes[(neckTop - 1) * w + x] == (byte)ParsingClass.Face)
                Extend(t, x, neckTop + Math.Min(count - 1, NeckPushDown), w, NeckReach, _neckFill);
        }
        Cv2.GaussianBlur(work, _blur, new Size(5, 5), 4);
        byte* b = (byte*)_blur.Data;
        torso.Create(h, w, MatType.CV_8UC4);
        byte* o = (byte*)torso.Data;
        for (int i = 0; i < n; i++)
        {
            if (_neckFill[i] != 0) Copy3(b, i, t, i);
            bool keep = _neck[i] != 0 || classes[i] == (byte)ParsingClass.Torso || _filled[i] != 0 || _neckFill[i] != 0;
            o[4 * i] = keep ? t[3 * i] : (byte)0;
            o[4 * i + 1] = keep ? t[3 * i + 1] : (byte)0;
            o[4 * i + 2] = keep ? t[3 * i + 2] : (byte)0;
            o[4 * i + 3] = keep ? (byte)255 : (byte)0;
        }
    }

    /// <summary>The first row of column <paramref name="x"/> whose value is <paramref name="value"/> (−1 if none) and how many rows of the column have it.</summary>
    private static int FirstRow(byte[] map, byte value, int x, int w, int h, out int count)
    {
        int first = -1;
        count = 0;
        for (int y = 0; y < h; y++)
        {
            if (map[y * w + x] != value) continue;
            if (first < 0) first = y;
            count++;
        }
        return first;
    }

    /// <summary>Copies the colour at (x, row) to the <paramref name="reach"/> − 1 rows above it, darkened by 0.98 per row, and marks them.</summary>
    private static unsafe void Extend(byte* image, int x, int row, int w, int reach, byte[] mark)
    {
        int from = row * w + x;
        byte c0 = image[3 * from], c1 = image[3 * from + 1], c2 = image[3 * from + 2];
        for (int k = 0; k < reach && row - k >= 0; k++)
        {
            double s = Math.Pow(Darken, k);
            int i = (row - k) * w + x;
            image[3 * i] = (byte)(c0 * s); image[3 * i + 1] = (byte)(c1 * s); image[3 * i + 2] = (byte)(c2 * s);
            mark[i] = 1;
        }
    }

    private static unsafe void Copy3(byte* from, int i, byte* to, int j)
    {
        to[3 * j] = from[3 * i]; to[3 * j + 1] = from[3 * i + 1]; to[3 * j + 2] = from[3 * i + 2];
    }

    public void Dispose() => _blur.Dispose();
}
