using OpenCvSharp;
using TalkingGaussian.Data.Npy;

namespace TalkingGaussian.Preparation;

/// <summary>Stage "parsing": <c>parsing/&lt;i&gt;.png</c> and <c>teeth_mask/&lt;i&gt;.npy</c> composed from the selfie matte and the mesh (<see cref="FaceParsing"/>).</summary>
internal static class ParsingStage
{
    public static void Run(PreparationContext c)
    {
        int frames = c.Frames;
        Directory.CreateDirectory(Path.Combine(c.Files.Root, "parsing"));
        Directory.CreateDirectory(Path.Combine(c.Files.Root, "teeth_mask"));
        var progress = new StageProgress("parsing", frames, c.Log);
        using var matte = new SelfieMatte(c.Models.Require(ModelStore.SelfieSegmentation));
        using var parsing = new FaceParsing();
        using var meshes = new MeshTrack.Reader(c.MeshTrackPath);
        using var person = new Mat();
        byte[] classes = [];
        bool[] teeth = [];
        for (int k = 0; k < frames; k++)
        {
            using var frame = Cv2.ImRead(c.Files.Original(k));
            int n = frame.Width * frame.Height;
            if (classes.Length != n) (classes, teeth) = (new byte[n], new bool[n]);
            matte.Run(frame, person);
            parsing.Compose(frame, person, meshes[k], classes, teeth);
            ParsingImage.Write(c.Files.Parsing(k), classes, frame.Width, frame.Height);
            NpyWriter.Write(c.Files.Teeth(k), NpyArray.FromBool(teeth, frame.Height, frame.Width));
            progress.Report(k + 1);
        }
    }
}
