using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using TalkingGaussian.Inference;
using TalkingGaussian.Media;
using TalkingGaussian.Model;

namespace TalkingGaussian.Cli.Commands;

/// <summary>
/// <c>tg render RUN</c>: drives a trained head with audio (a WAV, a feature array, or a split's own audio) along a pose
/// track and writes an H.264 MP4 with the sound (<see cref="HeadDriver"/>, <see cref="HeadVideo"/>); optionally the face
/// and mouth branches alone, a side-by-side video with the ground truth, and lossless PNG frames.
/// </summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var run = ModelArguments.Run();
        var audio = new Option<string?>("--audio") { Description = "Speech WAV: features by the built-in extractor (models trained on tg synth / tg prepare data), and the video's sound. With --features, only the sound." };
        var features = new Option<string?>("--features") { Description = "Audio features .npy [frames, window, channels] of the kind the model was trained on (DeepSpeech, wav2vec, HuBERT)." };
        var split = new Option<string?>("--split") { Description = "Self-reconstruction: the dataset's train or val frames with their own audio (and sound, when the frames are consecutive)." };
        var poses = ModelArguments.Poses();
        var blink = new Option<string>("--blink") { Description = "Blinks: auto (the pose track's AU45), none (eyes open), or a CSV with an AU45_r column (e.g. an OpenFace au.csv), row k for frame k.", DefaultValueFactory = _ => "auto" };
        var output = new Option<string?>("--out") { Description = "MP4 to write (default: RUN/renders/NAME.mp4, NAME from the audio file or the split)." };
        var faceVideo = new Option<bool>("--face-video") { Description = "Also NAME_face.mp4: the face branch alone on black." };
        var mouthVideo = new Option<bool>("--mouth-video") { Description = "Also NAME_mouth.mp4: the inside-mouth branch alone on black." };
        var sideBySide = new Option<bool>("--side-by-side") { Description = "Also NAME_side.mp4: ground truth (left) beside the render (right); the truth is --gt, or with --split the split's own frames." };
        var truth = new Option<string?>("--gt") { Description = "Ground truth for --side-by-side: a video, a frame folder or a dataset folder (e.g. a tg synth --frames-only folder for the same audio)." };
        var png = new Option<string?>("--png") { Description = "Also write every fused frame as a lossless PNG into this new folder (0.png, 1.png, …), for tg eval without video coding loss." };
        var size = new Option<int?>("--size") { Description = "Render with the longer side this many pixels (16–4096; default: the training frame size). The camera's focal length and the plates scale with it." };
        var maxFrames = new Option<int>("--max-frames") { Description = "Render at most this many frames (0: all).", DefaultValueFactory = _ => 0 };
        var data = ModelArguments.Data();
        var backend = CommonOptions.Backend();
        var command = new Command("render", "Drive a trained head with audio and write an MP4 with sound: per frame audio → both motion fields → face and mouth renders → fusion over the torso plate (Eq. 8).");
        command.Arguments.Add(run);
        foreach (var o in new Option[] { audio, features, split, poses, blink, output, faceVideo, mouthVideo, sideBySide, truth, png, size, maxFrames, data, backend })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            string runPath = parse.GetValue(run)!;
            string? wav = parse.GetValue(audio), npy = parse.GetValue(features), splitName = parse.GetValue(split);
            if ((npy is not null ? 1 : 0) + (splitName is not null ? 1 : 0) + (wav is not null && npy is null ? 1 : 0) != 1)
                throw new UserInputException("give the driving audio: --audio WAV, --features NPY (with --audio WAV for the sound), or --split train|val.");
            if (wav is not null && !File.Exists(wav)) throw new UserInputException($"--audio {wav}: no such file.");
            if (npy is not null && !File.Exists(npy)) throw new UserInputException($"--features {npy}: no such file.");
            if (splitName is not null && wav is not null) throw new UserInputException("--split uses the dataset's own sound; give no --audio with it.");
            int frameLimit = parse.GetValue(maxFrames);
            if (frameLimit < 0) throw new UserInputException($"--max-frames must be 0 (all) or more, got {frameLimit}.");

            var model = ModelArguments.Load(runPath);
            var files = ModelArguments.Dataset(model, parse.GetValue(data));
            var (width, height) = OutputSize(parse.GetValue(size), model.Info.Width, model.Info.Height);
            var splitValue = splitName is null ? (Data.DatasetSplit?)null : ModelArguments.Split(splitName);
            try
            {
                var driving = splitValue is { } s ? DrivingAudio.FromSplit(files, s, model.Info.AudioExtractor)
                    : npy is not null ? DrivingAudio.FromFeatures(npy, model.Info.AudioExtractor, wav)
                    : DrivingAudio.FromWav(wav!, model.Info.AudioExtractor);
                var track = ModelArguments.PoseTrack(parse.GetValue(poses) ?? splitName ?? "train", files, model);
                var blinks = Blink(parse.GetValue(blink)!);
                string name = splitName ?? Path.GetFileNameWithoutExtension(npy ?? wav!);
                string video = parse.GetValue(output) ?? Path.Combine(Path.TrimEndingDirectorySeparator(runPath), "renders", name + ".mp4");
                if (Directory.Exists(video)) throw new UserInputException($"--out {video} is a folder; give an .mp4 file path.");
                TruthFrames? side = null;
                if (parse.GetValue(sideBySide))
                {
                    string? gt = parse.GetValue(truth);
                    if (gt is not null) side = TruthFrames.Open(gt, width, height);
                    else if (driving.ImgIds is { } ids) side = TruthFrames.FromDataset(files, ids, width, height);
                    else throw new UserInputException("--side-by-side needs the ground truth: give --gt PATH (a video, frame folder or dataset folder), or render a --split.");
                }
                else if (parse.GetValue(truth) is not null) throw new UserInputException("--gt is the ground truth of --side-by-side; add --side-by-side.");

                var device = DeviceFactory.Get(parse.GetValue(backend));
                using var driver = new HeadDriver(model, driving, track, blinks, new FramePlates(files, width, height), device);
                using (side)
                {
                    int frames = frameLimit > 0 ? Math.Min(frameLimit, driver.Frames) : driver.Frames;
                    Console.WriteLine($"rendering {frames} frames ({frames / 25.0:F2} s) at {width}×{height} on {device.Description}: audio {driving.Description}; poses {track.Source} ({track.Frames.Count} frames{(frames > track.Frames.Count ? ", played forward and backward" : "")}); blinks {blinks.Description}");
                    var progress = new ProgressLine();
                    var result = HeadVideo.Write(driver, new HeadVideoOptions
                    {
                        Output = video,
                        FaceVideo = parse.GetValue(faceVideo),
                        MouthVideo = parse.GetValue(mouthVideo),
                        SideBySide = side,
                        PngFolder = parse.GetValue(png),
                        MaxFrames = frameLimit,
                        Progress = progress.Report,
                    });
                    var ic = CultureInfo.InvariantCulture;
                    Console.WriteLine(string.Create(ic,
                        $"wrote {result.Frames} frames ({result.Seconds:F2} s{(result.HasSound ? ", with sound" : ", silent")}) in {result.Elapsed.TotalSeconds:F1} s; the model rendered {result.Frames / result.RenderSeconds:F2} frames/s"));
                    if (result.TruthMissing > 0) Console.WriteLine($"note: the ground truth ended {result.TruthMissing} frames early; those frames show black on its side");
                    foreach (var f in result.Files.Skip(1)) Console.WriteLine(f);
                    Console.WriteLine(result.Video);
                    return 0;
                }
            }
            catch (Exception e) when (e is InvalidDataException or ExternalToolMissingException or IOException or UnauthorizedAccessException)
            {
                throw new UserInputException(e.Message);
            }
        });
        return command;
    }

    /// <summary>The output size for <c>--size</c> (the longer side), keeping the training frames' aspect ratio.</summary>
    public static (int Width, int Height) OutputSize(int? size, int width, int height)
    {
        if (size is null) return (width, height);
        if (size is < 16 or > 4096) throw new UserInputException($"--size must lie in 16–4096, got {size}.");
        int s = size.Value;
        return width >= height ? (s, Math.Max(1, (int)Math.Round((double)height * s / width))) : (Math.Max(1, (int)Math.Round((double)width * s / height)), s);
    }

    private static BlinkTrack Blink(string text) => text.ToLowerInvariant() switch
    {
        "auto" => BlinkTrack.Auto,
        "none" => BlinkTrack.None,
        _ when File.Exists(text) => ReadBlink(text),
        _ => throw new UserInputException($"--blink {text}: not auto, none or an existing CSV file."),
    };

    private static BlinkTrack ReadBlink(string path)
    {
        try
        {
            return BlinkTrack.FromFile(path);
        }
        catch (InvalidDataException e)
        {
            throw new UserInputException($"--blink: {e.Message}");
        }
    }

    /// <summary>Progress on standard error about every 2 s: frames, rate and the time left.</summary>
    private sealed class ProgressLine
    {
        private readonly Stopwatch _since = Stopwatch.StartNew();

        public void Report(RenderProgress p)
        {
            if (p.Done < p.Total && _since.ElapsedMilliseconds < 2000) return;
            _since.Restart();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"render: {p.Done}/{p.Total} frames ({100 * p.Done / p.Total}%), {p.FramesPerSecond:F1} frames/s, ETA {p.Remaining.TotalSeconds:F0} s"));
        }
    }
}
