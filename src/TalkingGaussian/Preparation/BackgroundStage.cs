using OpenCvSharp;
using TalkingGaussian.Media;

namespace TalkingGaussian.Preparation;

/// <summary>Stage "background": <c>bc.jpg</c> from every 20th frame and its parsing (<see cref="BackgroundPlate"/>).</summary>
internal static class BackgroundStage
{
    public static void Run(PreparationContext c)
    {
        int frames = c.Frames;
        var used = Enumerable.Range(0, frames).Where(k => k % BackgroundPlate.FrameStride == 0).ToArray();
        var progress = new StageProgress("background", used.Length, c.Log);
        BackgroundPlate? plate = null;
        byte[] classes = [];
        try
        {
            for (int j = 0; j < used.Length; j++)
            {
                using var frame = Cv2.ImRead(c.Files.Original(used[j]));
                plate ??= new BackgroundPlate(frame.Width, frame.Height);
                if (classes.Length != frame.Width * frame.Height) classes = new byte[frame.Width * frame.Height];
                ParsingImage.Read(c.Files.Parsing(used[j]), classes);
                plate.Add(frame, classes);
                progress.Report(j + 1);
            }
            using var bc = plate!.Build();
            Cv2.ImEncode(".jpg", bc, out var bytes, new ImageEncodingParam(ImwriteFlags.JpegQuality, 95));
            AtomicFile.WriteAllBytes(c.Files.Background, bytes);
        }
        finally
        {
            plate?.Dispose();
        }
    }
}
