using System.Diagnostics;
using System.Globalization;
using TalkingGaussian.Data;
using TalkingGaussian.Training.Losses;

namespace TalkingGaussian.Evaluation;

/// <summary>
/// Scores predicted frames against ground-truth frames pair by pair until the shorter sequence ends (as the released
/// metrics.py does), one frame in memory per side. PSNR and SSIM always; LPIPS when its weights are loaded; with
/// ground-truth landmarks the lips-rectangle PSNR, with landmarks on both sides the mouth LMD, and with landmarks and
/// the synthetic speaker's truth the lip-sync score. A missing input makes that metric "unavailable" with the reason,
/// never a number.
/// </summary>
public static class VideoEvaluator
{
    /// <summary>Evaluates <paramref name="predicted"/> against <paramref name="truth"/> (video files, frame folders or a dataset folder).</summary>
    public static EvaluationReport Evaluate(string predicted, string truth, EvaluationOptions options)
    {
        var log = options.Log ?? (_ => { });
        using var pred = FrameSequence.Open(predicted);
        using var gt = FrameSequence.Open(truth);
        if (pred.Width != gt.Width || pred.Height != gt.Height)
            throw new InvalidDataException($"{predicted} is {pred.Width}×{pred.Height} but {truth} is {gt.Width}×{gt.Height}; frames must have one size to be compared.");
        var inputs = Inputs.Resolve(truth, options, gt.FrameIds, pred.FrameIds);
        int w = pred.Width, h = pred.Height;
        var a = new float[3 * w * h];
        var b = new float[3 * w * h];
        var frames = new List<FrameScores>();
        var clock = Stopwatch.StartNew();
        var progress = Stopwatch.StartNew();
        bool predLeft = true, gtLeft = true;
        while ((options.MaxFrames <= 0 || frames.Count < options.MaxFrames)
               && (predLeft = pred.Read(a)) & (gtLeft = gt.Read(b)))
        {
            int k = frames.Count;
            var truthLms = inputs.TruthLandmarks(k);
            var predLms = inputs.PredictedLandmarks(k);
            LipsRectangle? lips = truthLms is null ? null : LipsRectangle.From(truthLms);
            double? jaw = inputs.JawOpen(k);
            frames.Add(new FrameScores(
                k,
                ImageMetrics.Psnr(a, b),
                Ssim.Mean(a, b, 3, w, h),
                options.Lpips?.Distance(a, b, w, h, Span<float>.Empty, 0f),
                lips is { } r ? ImageMetrics.LipsPsnr(a, b, w, h, r) : null,
                truthLms is not null && predLms is not null ? LandmarkDistance.Mouth(predLms, truthLms) : null,
                lips is { } r1 && jaw is not null ? options.MouthArea.Measure(a, w, h, r1) : null,
                lips is { } r2 && jaw is not null ? options.MouthArea.Measure(b, w, h, r2) : null,
                jaw));
            if (progress.ElapsedMilliseconds > 2000)
            {
                log($"eval: {frames.Count} frames, {clock.Elapsed.TotalSeconds:F0} s");
                progress.Restart();
            }
        }
        if (frames.Count == 0) throw new InvalidDataException($"No frames to compare: {(predLeft ? truth : predicted)} has none.");
        double seconds = clock.Elapsed.TotalSeconds;
        int predCount = frames.Count + (predLeft ? 1 + Drain(pred, a) : 0);
        int gtCount = frames.Count + (gtLeft ? 1 + Drain(gt, b) : 0);

        return new EvaluationReport(predicted, truth, w, h, frames.Count, predCount, gtCount,
            MetricValue.Mean(frames.Select(f => (double?)f.Psnr), "no frames"),
            MetricValue.Mean(frames.Select(f => (double?)f.Ssim), "no frames"),
            MetricValue.Mean(frames.Select(f => f.Lpips), options.Lpips is null ? options.LpipsUnavailable : "no frames"),
            MetricValue.Mean(frames.Select(f => f.LipsPsnr), inputs.WhyNoTruthLandmarks ?? "the lips rectangles lie outside the frames"),
            MetricValue.Mean(frames.Select(f => f.Lmd), inputs.WhyNoLmd ?? "no frame had landmarks on both sides"),
            LipSync(frames, f => f.MouthArea, inputs),
            LipSync(frames, f => f.TruthMouthArea, inputs),
            seconds / frames.Count, frames);
    }

    private static MetricValue LipSync(List<FrameScores> frames, Func<FrameScores, double?> area, Inputs inputs)
    {
        if (inputs.WhyNoLipSync is { } why) return new MetricValue(null, 0, why);
        var x = new List<double>(frames.Count);
        var y = new List<double>(frames.Count);
        foreach (var f in frames)
            if (area(f) is { } v && f.JawOpen is { } j) { x.Add(v); y.Add(j); }
        double r = Correlation.Pearson(x.ToArray(), y.ToArray());
        return double.IsNaN(r)
            ? new MetricValue(null, x.Count, x.Count < 2 ? "fewer than two frames with truth" : "the true jaw opening or the measured area is constant over these frames")
            : new MetricValue(r, x.Count, null);
    }

    private static int Drain(FrameSequence s, float[] buffer)
    {
        if (s.Count is { } n) return n - s.FramesReadSoFar();
        int extra = 0;
        while (s.Read(buffer)) extra++;
        return extra;
    }

    /// <summary>The optional inputs, found once: landmark folders and the synthetic truth.</summary>
    private sealed class Inputs
    {
        private string? _truthLandmarks, _predLandmarks;
        private IReadOnlyList<string> _truthIds = [], _predIds = [];
        private SyntheticTruth? _truth;

        public string? WhyNoTruthLandmarks { get; private set; }
        public string? WhyNoLmd { get; private set; }
        public string? WhyNoLipSync { get; private set; }

        public static Inputs Resolve(string truth, EvaluationOptions o, IReadOnlyList<string> truthIds, IReadOnlyList<string> predIds)
        {
            var inputs = new Inputs { _truthIds = truthIds, _predIds = predIds };
            bool dataset = Directory.Exists(Path.Combine(truth, "gt_imgs"));
            inputs._truthLandmarks = o.TruthLandmarks ?? (dataset && Directory.Exists(Path.Combine(truth, "ori_imgs")) ? Path.Combine(truth, "ori_imgs") : null);
            if (o.TruthLandmarks is { } tl && !Directory.Exists(tl)) throw new DirectoryNotFoundException($"Ground-truth landmarks {tl}: no such folder.");
            if (o.PredictedLandmarks is { } pl && !Directory.Exists(pl)) throw new DirectoryNotFoundException($"Predicted landmarks {pl}: no such folder.");
            inputs._predLandmarks = o.PredictedLandmarks;
            var truthCsv = o.SyntheticTruth ?? (Directory.Exists(truth) && File.Exists(Path.Combine(truth, SyntheticTruth.FileName)) ? Path.Combine(truth, SyntheticTruth.FileName) : null);
            if (truthCsv is not null) inputs._truth = SyntheticTruth.Read(truthCsv);

            inputs.WhyNoTruthLandmarks = inputs._truthLandmarks is null
                ? "no ground-truth landmarks (give --gt-landmarks DIR, or a dataset folder with ori_imgs/ as GT)" : null;
            inputs.WhyNoLmd = inputs.WhyNoTruthLandmarks
                ?? (inputs._predLandmarks is null ? "no landmarks of the predicted frames (give --pred-landmarks DIR from a landmark detector)" : null);
            inputs.WhyNoLipSync = inputs.WhyNoTruthLandmarks
                ?? (inputs._truth is null ? $"no synthetic truth (give --truth {SyntheticTruth.FileName}; only the synthetic speaker has one)" : null);
            return inputs;
        }

        public FaceLandmarks? TruthLandmarks(int k) => Read(_truthLandmarks, _truthIds, k);

        public FaceLandmarks? PredictedLandmarks(int k) => Read(_predLandmarks, _predIds, k);

        public double? JawOpen(int k)
        {
            if (_truth is null) return null;
            int index = k < _truthIds.Count && int.TryParse(_truthIds[k], NumberStyles.None, CultureInfo.InvariantCulture, out int id) ? id : k;
            return index < _truth.JawOpen.Length ? _truth.JawOpen[index] : null;
        }

        private static FaceLandmarks? Read(string? folder, IReadOnlyList<string> ids, int k)
        {
            if (folder is null) return null;
            var path = Path.Combine(folder, (k < ids.Count ? ids[k] : k.ToString(CultureInfo.InvariantCulture)) + ".lms");
            return File.Exists(path) ? FaceLandmarks.Read(path) : null;
        }
    }
}
