using System.CommandLine;
using TalkingGaussian.Evaluation;
using TalkingGaussian.Evaluation.Lpips;
using TalkingGaussian.Media;

namespace TalkingGaussian.Cli.Commands;

/// <summary>
/// <c>tg eval PRED GT</c>: scores predicted frames against ground truth (videos, frame folders, or a dataset / <c>tg synth
/// --frames-only</c> folder as GT, whose landmarks and synthetic truth are then found by themselves), prints a table and
/// writes the report as JSON (<see cref="VideoEvaluator"/>).
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var predicted = new Argument<string>("PRED") { Description = "Predicted frames: a video file or a folder of PNG/JPEG frames." };
        var truth = new Argument<string>("GT") { Description = "Ground truth: a video, a frame folder, or a dataset folder (gt_imgs/, ori_imgs/, synthetic_truth.csv)." };
        var json = new Option<string?>("--json") { Description = "Report file to write (default: PRED.eval.json beside PRED)." };
        var gtLandmarks = new Option<string?>("--gt-landmarks") { Description = "Folder of 68-point .lms files of the GT frames (default: GT/ori_imgs)." };
        var predLandmarks = new Option<string?>("--pred-landmarks") { Description = "Folder of .lms files of the predicted frames, for LMD." };
        var truthCsv = new Option<string?>("--truth") { Description = "synthetic_truth.csv for the lip-sync score (default: GT/synthetic_truth.csv)." };
        var models = new Option<string?>("--models") { Description = $"Folder holding {LpipsWeights.AlexNetFile} and {LpipsWeights.LinearFile} for LPIPS (else the model cache $TG_MODELS or ~/.cache/talkinggaussian/models, then ./models)." };
        var maxFrames = new Option<int>("--max-frames") { Description = "Score at most this many frames (0: all).", DefaultValueFactory = _ => 0 };
        var command = new Command("eval", "Score predicted frames against ground truth: PSNR, SSIM, LPIPS, lips PSNR, mouth LMD, lip-sync; a table and a JSON report.");
        command.Arguments.Add(predicted);
        command.Arguments.Add(truth);
        foreach (var o in new Option[] { json, gtLandmarks, predLandmarks, truthCsv, models, maxFrames }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            string pred = parse.GetValue(predicted)!, gt = parse.GetValue(truth)!;
            foreach (var p in new[] { pred, gt })
                if (!File.Exists(p) && !Directory.Exists(p)) throw new UserInputException($"{p}: no such video file or frame folder.");
            if (parse.GetValue(maxFrames) < 0) throw new UserInputException($"--max-frames must be 0 or more, got {parse.GetValue(maxFrames)}.");
            string report = parse.GetValue(json) ?? Path.TrimEndingDirectorySeparator(Path.GetFullPath(pred)) + ".eval.json";
            if (Directory.Exists(report)) throw new UserInputException($"--json {report} is a folder; give a file path.");

            LpipsAlex? lpips;
            string unavailable;
            try
            {
                lpips = LpipsModelFiles.TryLoad(parse.GetValue(models), out unavailable);
            }
            catch (InvalidDataException e)
            {
                throw new UserInputException(e.Message);
            }
            var options = new EvaluationOptions
            {
                TruthLandmarks = parse.GetValue(gtLandmarks),
                PredictedLandmarks = parse.GetValue(predLandmarks),
                SyntheticTruth = parse.GetValue(truthCsv),
                Lpips = lpips,
                LpipsUnavailable = unavailable,
                MaxFrames = parse.GetValue(maxFrames),
                Log = line => Console.Error.WriteLine(line),
            };
            EvaluationReport result;
            try
            {
                result = VideoEvaluator.Evaluate(pred, gt, options);
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or ExternalToolMissingException)
            {
                throw new UserInputException(e.Message);
            }
            try
            {
                AtomicFile.WriteAllText(report, result.ToJson());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserInputException($"cannot write the report '{report}': {e.Message}");
            }
            Console.Write(result.ToTable());
            Console.WriteLine($"report: {report}");
            return 0;
        });
        return command;
    }
}
