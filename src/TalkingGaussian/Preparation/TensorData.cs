using System.Runtime.InteropServices;
using OpenCvSharp;

namespace TalkingGaussian.Preparation;

/// <summary>Copies a network output (a continuous float Mat of any shape) into a managed array.</summary>
internal static class TensorData
{
    public static float[] Floats(Mat tensor)
    {
        if (tensor.Type() != MatType.CV_32F && tensor.Depth() != MatType.CV_32F) throw new InvalidDataException($"A network output has type {tensor.Type()}; float32 was expected.");
        long n = tensor.Total() * tensor.Channels();
        var data = new float[n];
        if (!tensor.IsContinuous()) throw new InvalidDataException("A network output is not continuous.");
        Marshal.Copy(tensor.Data, data, 0, (int)n);
        return data;
    }
}
