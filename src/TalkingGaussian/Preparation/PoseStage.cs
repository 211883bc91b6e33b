using System.Globalization;
using TalkingGaussian.Data;

namespace TalkingGaussian.Preparation;

/// <summary>
/// Stage "pose": the focal search and per-frame PnP of <see cref="HeadPoseFit"/>, temporal smoothing, and
/// <c>transforms_train.json</c> / <c>transforms_val.json</c> with the original's 10:11 split (frames 0 … ⌊N·10/11⌋−1 train).
/// </summary>
internal static class PoseStage
{
    public static List<string> Run(PreparationContext c)
    {
        // The frames' own size: ffmpeg applies a phone video's rotation, which ffprobe's width and height do not show.
        using var first = OpenCvSharp.Cv2.ImRead(c.Files.Original(0));
        int w = first.Width, h = first.Height;
        var fit = new HeadPoseFit(CanonicalFace.Read(c.Models.Require(ModelStore.FaceGeometry)));
        using var meshes = new MeshTrack.Reader(c.MeshTrackPath);
        int frames = meshes.Frames;
        double focal = fit.ChooseFocal(frames, k => meshes[k], w, h);
        c.Log($"pose: focal {focal:F0} px (grid {string.Join(", ", HeadPoseFit.FocalGrid(w, h).Select(f => f.ToString("F0", CultureInfo.InvariantCulture)))})");
        var poses = new HeadPose[frames];
        var errors = new double[frames];
        HeadPose? previous = null;
        var progress = new StageProgress("pose", frames, c.Log);
        for (int k = 0; k < frames; k++)
        {
            (poses[k], errors[k]) = fit.Solve(meshes[k], focal, w, h, previous);
            previous = poses[k];
            progress.Report(k + 1);
        }
        var smooth = HeadPoseFit.Smooth(poses, c.Options.PoseSmoothingFrames);
        int train = frames * 10 / 11;
        var all = smooth.Select((p, k) => new FrameTransform(k, k, p.CameraToWorld())).ToArray();
        new TransformsFile(focal, w / 2.0, h / 2.0, all[..train]).Write(c.Files.Transforms(DatasetSplit.Train));
        new TransformsFile(focal, w / 2.0, h / 2.0, all[train..]).Write(c.Files.Transforms(DatasetSplit.Val));
        var note = $"focal {focal:F0} px; rigid-point reprojection error median {Percentile.Of(errors, 50):F2} px, max {errors.Max():F2} px; {train} train + {frames - train} val frames";
        c.Log($"pose: {note}");
        return [note];
    }
}
