using OpenCvSharp;
using TalkingGaussian.Media;

namespace TalkingGaussian.Preparation;

/// <summary>Stage "torso": <c>gt_imgs/&lt;i&gt;.jpg</c> and <c>torso_imgs/&lt;i&gt;.png</c> (<see cref="TorsoImages"/>).</summary>
internal static class TorsoStage
{
    public static void Run(PreparationContext c)
    {
        int frames = c.Frames;
        Directory.CreateDirectory(Path.Combine(c.Files.Root, "gt_imgs"));
        Directory.CreateDirectory(Path.Combine(c.Files.Root, "torso_imgs"));
        var progress = new StageProgress("torso", frames, c.Log);
        using var plate = Cv2.ImRead(c.Files.Background);
        using var maker = new TorsoImages();
        using var gt = new Mat();
        using var torso = new Mat();
        byte[] classes = [];
        for (int k = 0; k < frames; k++)
        {
            using var frame = Cv2.ImRead(c.Files.Original(k));
            if (classes.Length != frame.Width * frame.Height) classes = new byte[frame.Width * frame.Height];
            ParsingImage.Read(c.Files.Parsing(k), classes);
            maker.Make(frame, classes, plate, gt, torso);
            Cv2.ImEncode(".jpg", gt, out var jpg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 95));
            AtomicFile.WriteAllBytes(c.Files.GroundTruth(k), jpg);
            Cv2.ImEncode(".png", torso, out var png);
            AtomicFile.WriteAllBytes(c.Files.Torso(k), png);
            progress.Report(k + 1);
        }
    }
}
