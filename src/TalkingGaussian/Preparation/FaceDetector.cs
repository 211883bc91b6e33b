using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace TalkingGaussian.Preparation;

/// <summary>
/// MediaPipe's short-range BlazeFace detector (<c>face_detection_short_range.tflite</c>, 128×128 RGB in [−1, 1]) run
/// by OpenCV's dnn module. The image is padded to a square (aspect kept) and resized; the 896 SSD anchors (a 16×16 grid
/// of 2 at stride 8, an 8×8 grid of 6 at stride 16) each regress a box and six keypoints relative to the anchor centre
/// in units of the input size; scores are sigmoids. Overlapping detections (IoU above 0.3) are merged by their
/// score-weighted mean, as MediaPipe's weighted non-maximum suppression does.
/// </summary>
public sealed class FaceDetector : IDisposable
{
    private const int InputSize = 128;
    private const float IouMerge = 0.3f;
    private static readonly (float X, float Y)[] Anchors = BuildAnchors();
    private readonly Net _net;
    private readonly Mat _square = new(), _input = new();

    public FaceDetector(string modelPath)
    {
        _net = CvDnn.ReadNet(modelPath) ?? throw new InvalidDataException($"OpenCV could not read {modelPath}.");
    }

    /// <summary>Score a detection needs (MediaPipe's default 0.5).</summary>
    public float MinScore { get; init; } = 0.5f;

    /// <summary>Faces in a BGR image, best first.</summary>
    public IReadOnlyList<FaceDetection> Detect(Mat bgr)
    {
        int side = Math.Max(bgr.Width, bgr.Height);
        Cv2.CopyMakeBorder(bgr, _square, 0, side - bgr.Height, 0, side - bgr.Width, BorderTypes.Constant, Scalar.Black);
        Cv2.Resize(_square, _input, new Size(InputSize, InputSize), interpolation: InterpolationFlags.Area);
        using var blob = CvDnn.BlobFromImage(_input, 1 / 127.5, new Size(InputSize, InputSize), new Scalar(127.5, 127.5, 127.5), swapRB: true, crop: false);
        _net.SetInput(blob);
        using var regressors = new Mat();
        using var scores = new Mat();
        _net.Forward([regressors, scores], ["regressors", "classificators"]);
        var raw = TensorData.Floats(regressors);
        var logits = TensorData.Floats(scores);
        if (raw.Length != Anchors.Length * 16 || logits.Length != Anchors.Length)
            throw new InvalidDataException($"The face detector gave {raw.Length} regressors and {logits.Length} scores; expected {Anchors.Length}×16 and {Anchors.Length}.");

        var candidates = new List<FaceDetection>();
        for (int a = 0; a < Anchors.Length; a++)
        {
            float score = 1 / (1 + MathF.Exp(-Math.Clamp(logits[a], -100f, 100f)));
            if (score < MinScore) continue;
            var (ax, ay) = Anchors[a];
            int o = 16 * a;
            float cx = raw[o] / InputSize + ax, cy = raw[o + 1] / InputSize + ay;
            float w = raw[o + 2] / InputSize, h = raw[o + 3] / InputSize;
            var keypoints = new (float, float)[6];
            for (int k = 0; k < 6; k++)
                keypoints[k] = ((raw[o + 4 + 2 * k] / InputSize + ax) * side, (raw[o + 5 + 2 * k] / InputSize + ay) * side);
            candidates.Add(new FaceDetection((cx - w / 2) * side, (cy - h / 2) * side, w * side, h * side, score, keypoints));
        }
        return WeightedSuppression(candidates);
    }

    /// <summary>Clusters of boxes overlapping the best remaining one by more than <see cref="IouMerge"/>, each merged by score weight.</summary>
    private static List<FaceDetection> WeightedSuppression(List<FaceDetection> candidates)
    {
        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        var result = new List<FaceDetection>();
        var used = new bool[candidates.Count];
        for (int i = 0; i < candidates.Count; i++)
        {
            if (used[i]) continue;
            var best = candidates[i];
            double sw = 0, x = 0, y = 0, w = 0, h = 0;
            var kp = new double[12];
            for (int j = i; j < candidates.Count; j++)
            {
                if (used[j] || best.Iou(candidates[j]) <= IouMerge) continue;
                used[j] = true;
                var c = candidates[j];
                sw += c.Score; x += c.Score * c.X; y += c.Score * c.Y; w += c.Score * c.Width; h += c.Score * c.Height;
                for (int k = 0; k < 6; k++) { kp[2 * k] += c.Score * c.Keypoints[k].X; kp[2 * k + 1] += c.Score * c.Keypoints[k].Y; }
            }
            var points = new (float, float)[6];
            for (int k = 0; k < 6; k++) points[k] = ((float)(kp[2 * k] / sw), (float)(kp[2 * k + 1] / sw));
            result.Add(new FaceDetection((float)(x / sw), (float)(y / sw), (float)(w / sw), (float)(h / sw), best.Score, points));
        }
        return result;
    }

    private static (float, float)[] BuildAnchors()
    {
        var anchors = new List<(float, float)>(896);
        foreach (var (grid, perCell) in new[] { (16, 2), (8, 6) })
            for (int y = 0; y < grid; y++)
                for (int x = 0; x < grid; x++)
                    for (int k = 0; k < perCell; k++)
                        anchors.Add(((x + 0.5f) / grid, (y + 0.5f) / grid));
        return anchors.ToArray();
    }

    public void Dispose()
    {
        _net.Dispose();
        _square.Dispose();
        _input.Dispose();
    }
}
