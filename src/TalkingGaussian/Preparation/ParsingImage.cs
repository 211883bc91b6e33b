using OpenCvSharp;
using TalkingGaussian.Media;

namespace TalkingGaussian.Preparation;

/// <summary>Class maps ↔ parsing PNGs (24-bit RGB class colours, as the original's parser writes them).</summary>
public static class ParsingImage
{
    /// <summary>Writes <paramref name="classes"/> (<see cref="ParsingClass"/> bytes) as a parsing PNG, atomically.</summary>
    public static unsafe void Write(string path, byte[] classes, int width, int height)
    {
        using var bgr = new Mat(height, width, MatType.CV_8UC3);
        byte* p = (byte*)bgr.Data;
        for (int i = 0; i < classes.Length; i++)
        {
            var (r, g, b) = ParsingClasses.Color((ParsingClass)classes[i]);
            p[3 * i] = b; p[3 * i + 1] = g; p[3 * i + 2] = r;
        }
        Cv2.ImEncode(".png", bgr, out var bytes);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>Reads a parsing PNG into <paramref name="classes"/> (nearest class colour per pixel).</summary>
    public static unsafe void Read(string path, byte[] classes)
    {
        using var bgr = Cv2.ImRead(path, ImreadModes.Color);
        if (bgr.Empty()) throw new PreparationException($"{path} could not be read. Delete the dataset folder's .tmp and run tg prepare again.");
        if (bgr.Width * bgr.Height != classes.Length) throw new PreparationException($"{path} is {bgr.Width}×{bgr.Height}; the frames have {classes.Length} pixels.");
        byte* p = (byte*)bgr.Data;
        for (int i = 0; i < classes.Length; i++)
        {
            byte r = p[3 * i + 2], g = p[3 * i + 1], b = p[3 * i];
            // The six colours exactly (every pixel of a PNG written here); the nearest one otherwise.
            classes[i] = (r, g, b) switch
            {
                (255, 255, 255) => (byte)ParsingClass.Background,
                (0, 0, 255) => (byte)ParsingClass.Face,
                (100, 100, 100) => (byte)ParsingClass.Mouth,
                (0, 255, 0) => (byte)ParsingClass.Neck,
                (255, 0, 0) => (byte)ParsingClass.Torso,
                (0, 0, 0) => (byte)ParsingClass.Hair,
                _ => (byte)ParsingClasses.FromColor(r, g, b),
            };
        }
    }
}
