using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace TalkingGaussian.Preparation;

/// <summary>
/// MediaPipe's face mesh (<c>face_landmark.tflite</c>: a 192×192 RGB crop in [0, 1] → 468 points in crop pixels and a
/// face-presence logit) run by OpenCV's dnn module on the rotated crop of a <see cref="FaceRegion"/>.
/// </summary>
public sealed class FaceMesh : IDisposable
{
    /// <summary>The network's input side in pixels.</summary>
    public const int InputSize = 192;

    private readonly Net _net;
    private readonly Mat _crop = new();
    private readonly string[] _outputs;

    public FaceMesh(string modelPath)
    {
        _net = CvDnn.ReadNet(modelPath) ?? throw new InvalidDataException($"OpenCV could not read {modelPath}.");
        _outputs = _net.GetUnconnectedOutLayersNames().Select(n => n ?? "").ToArray();
    }

    /// <summary>The mesh of the face in <paramref name="region"/> of a BGR image.</summary>
    public FaceMeshResult Run(Mat bgr, FaceRegion region)
    {
        var a = region.ImageToCrop(InputSize);
        using (var m = Mat.FromPixelData(2, 3, MatType.CV_64FC1, a))
            Cv2.WarpAffine(bgr, _crop, m, new Size(InputSize, InputSize), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.Black);
        using var blob = CvDnn.BlobFromImage(_crop, 1 / 255.0, new Size(InputSize, InputSize), new Scalar(), swapRB: true, crop: false);
        _net.SetInput(blob);
        var outs = _outputs.Select(_ => new Mat()).ToArray();
        try
        {
            _net.Forward(outs, _outputs);
            float[]? raw = null;
            float logit = float.NaN;
            foreach (var o in outs)
            {
                var v = TensorData.Floats(o);
                if (v.Length == 3 * FaceMeshResult.PointCount) raw = v;
                else if (v.Length == 1) logit = v[0];
            }
            if (raw is null || float.IsNaN(logit)) throw new InvalidDataException("The face mesh model did not give 1,404 coordinates and a presence score; is face_landmark.tflite the right file?");
            var points = new float[raw.Length];
            double scale = region.Side / InputSize;
            for (int i = 0; i < FaceMeshResult.PointCount; i++)
            {
                var (x, y) = region.CropToImage(raw[3 * i], raw[3 * i + 1], InputSize);
                points[3 * i] = (float)x;
                points[3 * i + 1] = (float)y;
                points[3 * i + 2] = (float)(raw[3 * i + 2] * scale);
            }
            return new FaceMeshResult(points, 1 / (1 + MathF.Exp(-logit)));
        }
        finally
        {
            foreach (var o in outs) o.Dispose();
        }
    }

    public void Dispose()
    {
        _net.Dispose();
        _crop.Dispose();
    }
}
