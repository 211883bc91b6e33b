using OpenCvSharp;

namespace TalkingGaussian.Preparation;

/// <summary>
/// The static background plate <c>bc.jpg</c> by the original's algorithm (original-code.md §9.1, "Background"): over
/// every 20th frame, each pixel's distance to the nearest non-background parsing pixel; pixels whose largest distance
/// exceeds 5 take their colour from the frame where it was largest (the person was farthest away then), and every other
/// pixel copies the nearest such pixel (a distance transform with labels stands in for the original's k-d tree).
/// Frames are added one at a time, so memory is two images whatever the video length.
/// </summary>
public sealed class BackgroundPlate : IDisposable
{
    /// <summary>The original's frame stride and distance threshold (pixels).</summary>
    public const int FrameStride = 20;
    public const float MinDistance = 5;

    private readonly Mat _best, _color, _notBackground = new(), _distance = new();

    public BackgroundPlate(int width, int height)
    {
        _best = new Mat(height, width, MatType.CV_32FC1, Scalar.All(-1));
        _color = new Mat(height, width, MatType.CV_8UC3, Scalar.All(0));
    }

    /// <summary>Adds a frame (BGR) and its class map.</summary>
    public unsafe void Add(Mat bgr, byte[] classes)
    {
        _notBackground.Create(bgr.Size(), MatType.CV_8UC1);
        byte* nb = (byte*)_notBackground.Data;
        for (int i = 0; i < classes.Length; i++) nb[i] = classes[i] == (byte)ParsingClass.Background ? (byte)255 : (byte)0;
        // Distance of every pixel to the nearest zero, i.e. to the nearest person pixel.
        Cv2.DistanceTransform(_notBackground, _distance, DistanceTypes.L2, DistanceTransformMasks.Precise);
        float* d = (float*)_distance.Data, best = (float*)_best.Data;
        byte* src = (byte*)bgr.Data, dst = (byte*)_color.Data;
        for (int i = 0; i < classes.Length; i++)
        {
            if (d[i] <= best[i]) continue;
            best[i] = d[i];
            dst[3 * i] = src[3 * i]; dst[3 * i + 1] = src[3 * i + 1]; dst[3 * i + 2] = src[3 * i + 2];
        }
    }

    /// <summary>The plate (BGR): pixels seen far enough from the person, the rest filled from the nearest of those.</summary>
    public unsafe Mat Build()
    {
        int n = _best.Width * _best.Height;
        using var unknown = new Mat(_best.Size(), MatType.CV_8UC1);
        float* best = (float*)_best.Data;
        byte* u = (byte*)unknown.Data;
        var known = new List<int>();
        for (int i = 0; i < n; i++)
        {
            bool ok = best[i] > MinDistance;
            u[i] = ok ? (byte)0 : (byte)255;
            if (ok) known.Add(i);
        }
        var plate = _color.Clone();
        if (known.Count == 0 || known.Count == n) return plate;
        using var labels = new Mat();
        using var distance = new Mat();
        // With one label per zero pixel, labels run 1, 2, … over the known pixels in raster order.
        Cv2.DistanceTransformWithLabels(unknown, distance, labels, DistanceTypes.L2, DistanceTransformMasks.Mask5, DistanceTransformLabelTypes.Pixel);
        int* label = (int*)labels.Data;
        byte* p = (byte*)plate.Data;
        for (int i = 0; i < n; i++)
        {
            if (u[i] == 0) continue;
            int from = known[label[i] - 1];
            p[3 * i] = p[3 * from]; p[3 * i + 1] = p[3 * from + 1]; p[3 * i + 2] = p[3 * from + 2];
        }
        return plate;
    }

    public void Dispose()
    {
        _best.Dispose();
        _color.Dispose();
        _notBackground.Dispose();
        _distance.Dispose();
    }
}
