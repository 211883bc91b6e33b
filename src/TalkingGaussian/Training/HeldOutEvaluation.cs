using System.Diagnostics;
using System.Text.Json;
using TalkingGaussian.Media;
using TalkingGaussian.Model;
using TalkingGaussian.Training.Losses;

namespace TalkingGaussian.Training;

/// <summary>
/// eval.json: the final model rendered on every frame of the val split exactly as inference renders it
/// (<see cref="TalkingHeadRenderer"/>: both branches, fused over the frame's torso-and-background plate) and scored against
/// the ground-truth frames: PSNR (as the released metrics.py, over H·W·3), SSIM (11×11 Gaussian window), the PSNR of the
/// lips rectangle, LPIPS when a perceptual loss is available (otherwise reported as unavailable), per frame and averaged.
/// </summary>
public sealed record HeldOutEvaluation(int Frames, double Psnr, double Ssim, double LipsPsnr, double? Lpips, string LpipsNote,
    int[] ImgIds, double[] FramePsnr, double[] FrameSsim, double[] FrameLipsPsnr, double MillisecondsPerFrame)
{
    /// <summary>Renders and scores every val frame of <paramref name="context"/>'s dataset.</summary>
    public static HeldOutEvaluation Run(TalkingHeadModel model, TrainingContext context)
    {
        var dataset = context.Dataset;
        var frames = dataset.Val.Frames;
        int w = dataset.Width, h = dataset.Height, n = frames.Count;
        var psnr = new double[n];
        var ssim = new double[n];
        var lips = new double[n];
        var ids = new int[n];
        double lpipsSum = 0;
        using var renderer = new TalkingHeadRenderer(model, context.Device, context.Rasterizers, context.MotionBackend);
        var clock = new Stopwatch();
        for (int k = 0; k < n; k++)
        {
            var frame = frames[k];
            var images = dataset.Images(frame);
            clock.Start();
            var head = renderer.Render(dataset.AudioWindow(frame), frame.Expression, frame.Camera, images.TorsoPlate.Pixels).Head;
            clock.Stop();
            var gt = images.GroundTruth.Pixels;
            ids[k] = frame.ImgId;
            psnr[k] = StageImages.Psnr(head, gt);
            ssim[k] = Losses.Ssim.Mean(head, gt, 3, w, h);
            lips[k] = ValidationScores.LipsRectanglePsnr(head, gt, w, h, frame.Lips);
            if (context.Perceptual is { } p) lpipsSum += p.Loss.Distance(head, gt, w, h, [], 1f);
        }
        double? lpips = context.Perceptual is null || n == 0 ? null : lpipsSum / n;
        string note = context.Perceptual is { } q ? q.Loss.Name : "unavailable: no LPIPS weights were found (README: Evaluation)";
        return new HeldOutEvaluation(n, Mean(psnr), Mean(ssim), Mean(lips), lpips, note, ids, psnr, ssim, lips,
            n == 0 ? 0 : clock.Elapsed.TotalMilliseconds / n);
    }

    /// <summary>Writes eval.json atomically.</summary>
    public void Write(string path) => AtomicFile.Write(path, s =>
    {
        using var w = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("compared", "fused head over the frame's torso-and-background plate vs the ground-truth frame, val split");
        w.WriteNumber("frames", Frames);
        TrainingLog.Number(w, "psnr", Psnr);
        TrainingLog.Number(w, "ssim", Ssim);
        TrainingLog.Number(w, "lips_psnr", LipsPsnr);
        if (Lpips is double l) w.WriteNumber("lpips", l);
        else w.WriteNull("lpips");
        w.WriteString("lpips_note", LpipsNote);
        TrainingLog.Number(w, "ms_per_frame", MillisecondsPerFrame);
        w.WriteStartArray("per_frame");
        for (int k = 0; k < Frames; k++)
        {
            w.WriteStartObject();
            w.WriteNumber("img_id", ImgIds[k]);
            TrainingLog.Number(w, "psnr", FramePsnr[k]);
            TrainingLog.Number(w, "ssim", FrameSsim[k]);
            TrainingLog.Number(w, "lips_psnr", FrameLipsPsnr[k]);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static double Mean(double[] v)
    {
        double s = 0;
        int n = 0;
        foreach (double x in v)
            if (double.IsFinite(x)) { s += x; n++; }
        return n == 0 ? double.NaN : s / n;
    }
}
