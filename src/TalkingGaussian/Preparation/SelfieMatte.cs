using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace TalkingGaussian.Preparation;

/// <summary>
/// MediaPipe's selfie segmentation (<c>selfie_segmentation.tflite</c>: the whole frame resized to 256×256 RGB in
/// [0, 1] → a person probability per pixel) run by OpenCV's dnn module; the matte is resized back to the frame.
/// It separates the person (head, hair, neck, clothes) from the background: the white class of the parsing.
/// </summary>
public sealed class SelfieMatte : IDisposable
{
    private const int InputSize = 256;
    private readonly Net _net;
    private readonly Mat _small = new();

    public SelfieMatte(string modelPath)
    {
        _net = CvDnn.ReadNet(modelPath) ?? throw new InvalidDataException($"OpenCV could not read {modelPath}.");
    }

    /// <summary>The person probability of every pixel of a BGR frame, as a CV_32F Mat of the frame's size (written into <paramref name="matte"/>).</summary>
    public void Run(Mat bgr, Mat matte)
    {
        using var blob = CvDnn.BlobFromImage(bgr, 1 / 255.0, new Size(InputSize, InputSize), new Scalar(), swapRB: true, crop: false);
        _net.SetInput(blob);
        using var output = _net.Forward();
        if (output.Total() != InputSize * InputSize) throw new InvalidDataException($"The selfie segmentation gave {output.Total()} values; {InputSize}×{InputSize} were expected.");
        using (var plane = Mat.FromPixelData(InputSize, InputSize, MatType.CV_32FC1, output.Data))
            plane.CopyTo(_small);
        Cv2.Resize(_small, matte, bgr.Size(), interpolation: InterpolationFlags.Linear);
    }

    public void Dispose()
    {
        _net.Dispose();
        _small.Dispose();
    }
}
