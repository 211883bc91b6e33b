using System.Diagnostics;
using TalkingGaussian.Compute;
using TalkingGaussian.Model;

namespace TalkingGaussian.Inference;

/// <summary>One size of <see cref="RenderModelBenchmark"/>.</summary>
/// <param name="Width">Output width.</param>
/// <param name="Height">Output height.</param>
/// <param name="Frames">Timed frames.</param>
/// <param name="FaceGaussians">Gaussians of the face branch.</param>
/// <param name="MouthGaussians">Gaussians of the mouth branch.</param>
/// <param name="MsPerFrame">Wall time per frame, audio window to fused image.</param>
/// <param name="CpuMsPerFrame">Process CPU time per frame (the work; steadier than wall time on a shared machine).</param>
/// <param name="Stages">Wall milliseconds per frame of each stage (<see cref="HeadRenderTimes"/>).</param>
/// <param name="Device">The compute device.</param>
public sealed record RenderModelBenchResult(int Width, int Height, int Frames, int FaceGaussians, int MouthGaussians,
    double MsPerFrame, double CpuMsPerFrame, IReadOnlyList<(string Stage, double MsPerFrame)> Stages, string Device)
{
    /// <summary>Frames per second of the model alone.</summary>
    public double FramesPerSecond => MsPerFrame > 0 ? 1000 / MsPerFrame : 0;
}

/// <summary>
/// <c>tg bench render-model</c>: how fast a trained model renders, audio features to fused image, with no decoding and no
/// encoding. Frames of a pose track with their audio windows are rendered at a chosen size (the camera's focal length
/// scaled, so the view is the same) over a plate prepared beforehand; a few frames warm up first.
/// </summary>
public static class RenderModelBenchmark
{
    /// <summary>Times <paramref name="frames"/> frames of <paramref name="model"/> at <paramref name="width"/>×<paramref name="height"/>.</summary>
    public static RenderModelBenchResult Run(TalkingHeadModel model, DrivingAudio audio, PoseTrack poses, ComputeDevice device,
        int width, int height, int frames, int warmUp = 2)
    {
        if (frames < 1) throw new ArgumentOutOfRangeException(nameof(frames), "At least one frame.");
        using var renderer = new TalkingHeadRenderer(model, device);
        var window = new float[audio.Features.WindowLength];
        var expression = new float[6];
        var plate = new float[3 * width * height];
        Array.Fill(plate, 0.5f); // the plate's content does not change the work
        var times = new HeadRenderTimes();
        double wall = 0, cpu = 0;
        for (int k = 0; k < warmUp + frames; k++)
        {
            if (k == warmUp) times.Clear();
            int f = k % audio.Frames;
            audio.Window(f, window);
            poses.At(f).Expression.CopyTo(expression, 0);
            var camera = poses.Camera(f, width, height);
            var t = BenchmarkClock.Measure(() => renderer.Render(window, expression, camera, plate, times));
            if (k < warmUp) continue;
            wall += t.WallMs;
            cpu += t.CpuMs;
        }
        var stages = times.Stages.Select(s => (s.Stage, 1000 * s.Seconds / frames)).ToArray();
        return new RenderModelBenchResult(width, height, frames, model.Face.Count, model.Mouth.Count, wall / frames, cpu / frames, stages, device.Description);
    }
}
