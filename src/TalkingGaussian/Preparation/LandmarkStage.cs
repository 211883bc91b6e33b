using OpenCvSharp;

namespace TalkingGaussian.Preparation;

/// <summary>
/// Stage "landmarks": the face mesh of every frame (<see cref="FaceTracker"/>), written to <c>mesh468.npy</c>, and its
/// 68 iBUG points to <c>ori_imgs/&lt;i&gt;.lms</c>. Gaps of up to <see cref="MaxFilledGap"/> frames without a face
/// between frames with one (a hand, motion blur) are filled by interpolating the meshes on either side and reported;
/// longer gaps, or no face at the start or end, stop the preparation with the frames listed and what to do. Frames where
/// the detector sees several faces are reported (the tracker follows the speaker's face).
/// </summary>
internal static class LandmarkStage
{
    public const int MaxFilledGap = 3;

    public static List<string> Run(PreparationContext c)
    {
        int frames = c.Frames;
        var notes = new List<string>();
        var several = new List<int>();
        var missing = new List<int>();
        var filled = new List<int>();
        var pending = new List<int>();
        FaceMeshResult? last = null;
        var progress = new StageProgress("landmarks", frames, c.Log);
        using var tracker = new FaceTracker(new FaceDetector(c.Models.Require(ModelStore.FaceDetector)), new FaceMesh(c.Models.Require(ModelStore.FaceMesh)));
        using var writer = new MeshTrack.Writer(c.MeshTrackPath, frames);
        for (int k = 0; k < frames; k++)
        {
            using var frame = Cv2.ImRead(c.Files.Original(k));
            if (frame.Empty()) throw new PreparationException($"{c.Files.Original(k)} could not be read back. Delete {c.Files.Root} and run tg prepare again.");
            var found = tracker.Next(frame);
            if (found.Detections > 1) several.Add(k);
            if (found.Mesh is null)
            {
                pending.Add(k);
                progress.Report(k + 1);
                continue;
            }
            if (pending.Count > 0)
            {
                bool fill = last is not null && pending.Count <= MaxFilledGap;
                for (int j = 0; j < pending.Count; j++)
                {
                    var mesh = fill ? Blend(last!, found.Mesh, (j + 1.0) / (pending.Count + 1)) : found.Mesh;
                    Write(c, writer, pending[j], mesh);
                }
                (fill ? filled : missing).AddRange(pending);
                pending.Clear();
            }
            Write(c, writer, k, found.Mesh);
            last = found.Mesh;
            progress.Report(k + 1);
        }
        missing.AddRange(pending);
        if (missing.Count > 0 || last is null)
            throw new PreparationException(
                $"No face was found in {(last is null ? frames : missing.Count)} of {frames} frames of {c.Video.Path}: {FrameRanges.Describe(last is null ? Enumerable.Range(0, frames).ToList() : missing)}. " +
                "The speaker's face must be visible in every frame. Cut those parts out (e.g. `ffmpeg -ss START -to END -i video.mp4 -c copy part.mp4` for a part without them) and prepare the rest.");
        writer.Commit();
        if (filled.Count > 0) notes.Add($"no face found in {filled.Count} frame(s) ({FrameRanges.Describe(filled)}); filled by interpolating the neighbouring meshes: check them on the contact sheet");
        if (several.Count > 0) notes.Add($"several faces in {several.Count} frame(s) ({FrameRanges.Describe(several)}); the speaker's face was tracked. If another face is large or near the speaker, crop the video to the speaker (`ffmpeg -i video.mp4 -vf crop=W:H:X:Y out.mp4`)");
        foreach (var n in notes) c.Log($"landmarks: {n}");
        return notes;
    }

    private static void Write(PreparationContext c, MeshTrack.Writer writer, int k, FaceMeshResult mesh)
    {
        writer.Add(mesh);
        MeshRegions.ToIbug(mesh).Write(c.Files.Landmarks(k));
    }

    private static FaceMeshResult Blend(FaceMeshResult a, FaceMeshResult b, double t)
    {
        var p = new float[a.Points.Length];
        for (int i = 0; i < p.Length; i++) p[i] = (float)(a.Points[i] + t * (b.Points[i] - a.Points[i]));
        return new FaceMeshResult(p, 0);
    }
}
