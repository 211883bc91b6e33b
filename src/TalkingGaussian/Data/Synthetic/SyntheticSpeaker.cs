using System.Diagnostics;
using TalkingGaussian.Data.Audio;
using TalkingGaussian.Data.Npy;
using TalkingGaussian.Media;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Data.Synthetic;

/// <summary>What <see cref="SyntheticSpeaker.Generate"/> wrote.</summary>
public sealed record SyntheticSpeakerResult(string Folder, int Frames, int TrainFrames, double Seconds, string AudioSource, int Gaussians, TimeSpan Elapsed);

/// <summary>
/// The synthetic speaker: renders the procedural head of <see cref="SyntheticHeadBuilder"/>, driven by speech through
/// <see cref="MotionSchedule"/>, and writes a complete dataset folder in the original's format (frames, parsing, teeth
/// masks, torso, landmarks, au.csv, bc.jpg, transforms with the 10/11 split, aud.wav and log-mel features as aud_ds.npy),
/// plus <c>synthetic_truth.csv</c> with the motion it was rendered from. The folder is written next to its target and
/// renamed into place when complete, so it appears whole or not at all.
/// </summary>
public static class SyntheticSpeaker
{
    /// <summary>Camera distance from the head centre (metres).</summary>
    public const double CameraDistance = 0.7;

    /// <summary>Camera height (looks straight ahead from slightly below the head centre, so the shoulders are in frame).</summary>
    public const double CameraHeight = -0.055;

    /// <summary>Focal length as a multiple of the frame size.</summary>
    public const double FocalPerPixel = 1.75;

    /// <summary>Generates the dataset (or, with <see cref="SyntheticSpeakerOptions.FramesOnly"/>, the ground-truth frames) in <paramref name="folder"/>.</summary>
    public static SyntheticSpeakerResult Generate(string folder, SyntheticSpeakerOptions options)
    {
        var clock = Stopwatch.StartNew();
        var log = options.Log ?? (_ => { });
        if (options.Size is < 32 or > 2048) throw new ArgumentOutOfRangeException(nameof(options), $"Frame size must lie in 32–2048, got {options.Size}.");
        var target = Path.GetFullPath(folder);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !options.Overwrite)
            throw new IOException($"{target} already exists and is not empty. Choose a new folder, or pass --overwrite to replace it.");

        var (clip, source) = Speech(options);
        var features = SpeechFeatureWindows.Extract(clip);
        int frames = features.Shape[0];
        if (frames < 11) throw new ArgumentException($"The speech is {clip.Duration:F2} s long, which gives {frames} frames; at least 11 (0.5 s) are needed.");
        log($"speech: {source}, {clip.Duration:F2} s → {frames} frames at 25 fps");

        var schedule = Schedule(clip, options.Seed);
        if (schedule.Frames != frames) throw new InvalidOperationException($"Internal: {schedule.Frames} scheduled frames for {frames} feature windows.");
        var head = SyntheticHeadBuilder.Build(options.Seed, options.Detail);
        int size = options.Size;
        double focal = FocalPerPixel * size;
        var background = Backdrop.Create(size, size);

        var temp = target.TrimEnd(Path.DirectorySeparatorChar) + $".tmp-{Environment.ProcessId}";
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        try
        {
            var files = new DatasetFiles(temp);
            foreach (var sub in new[] { "gt_imgs", "ori_imgs", "parsing", "teeth_mask", "torso_imgs" })
                if (!options.FramesOnly || sub is "gt_imgs" or "ori_imgs") Directory.CreateDirectory(Path.Combine(temp, sub));
            ImageIO.SaveJpeg(files.Background, background.Pixels, size, size);
            var matrices = new double[frames][,];
            RenderFrames(files, head, schedule, background, focal, size, options, matrices, log);
            SyntheticDatasetWriter.WriteTransforms(files, matrices, focal, size);
            SyntheticDatasetWriter.WriteActionUnits(files, schedule);
            SyntheticDatasetWriter.WriteTruth(Path.Combine(temp, "synthetic_truth.csv"), schedule);
            WavFile.Write(files.AudioWav, clip);
            NpyWriter.Write(files.AudioFeatures(AudioExtractor.DeepSpeech), features);
            Publish(temp, target, options.Overwrite);
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
        int train = TrainCount(frames);
        log($"wrote {target}: {frames} frames ({train} train, {frames - train} val), {head.Count} Gaussians, {clock.Elapsed.TotalSeconds:F1} s");
        return new SyntheticSpeakerResult(target, frames, train, clip.Duration, source, head.Count, clock.Elapsed);
    }

    /// <summary>
    /// The dataset in <paramref name="folder"/>, written with <paramref name="options"/> unless one is already there. A
    /// dataset is published whole (its temporary folder renamed into place), so a folder holding transforms_val.json is
    /// complete; notebooks share one this way. The existing dataset is used as it is, whatever options wrote it.
    /// </summary>
    public static string Ensure(string folder, SyntheticSpeakerOptions options)
    {
        string target = Path.GetFullPath(folder);
        if (!File.Exists(new DatasetFiles(target).Transforms(DatasetSplit.Val))) Generate(target, options with { Overwrite = true });
        return target;
    }

    /// <summary>The camera-to-world matrix (OpenGL axes, head frame) of a frame whose head motion is <paramref name="headMotion"/>.</summary>
    public static double[,] CameraToWorld(RigidTransform headMotion)
    {
        var rest = new RigidTransform(1, 0, 0, 0, 1, 0, 0, 0, 1, 0, (float)CameraHeight, (float)CameraDistance);
        return PoseMath.Compose(headMotion.Inverse(), rest).ToMatrix();
    }

    /// <summary>Frames in the train split: ⌊N·10/11⌋.</summary>
    public static int TrainCount(int frames) => frames * 10 / 11;

    /// <summary>The 16 kHz speech a run with <paramref name="o"/> uses, already cut to <see cref="SyntheticSpeakerOptions.MaxFrames"/>, and where it came from.</summary>
    public static (AudioClip Clip, string Source) Speech(SyntheticSpeakerOptions o)
    {
        var (clip, source) = LoadSpeech(o);
        // Quantised to 16 bits as aud.wav stores it, so features re-extracted from aud.wav equal aud_ds.npy.
        var cut = CutToFrames(clip, o.MaxFrames);
        return (cut with { Samples = cut.Samples.Select(WavFile.QuantizePcm16).ToArray() }, source);
    }

    /// <summary>The motion schedule a run renders for <paramref name="clip"/> (as returned by <see cref="Speech"/>) with <paramref name="seed"/>.</summary>
    public static MotionSchedule Schedule(AudioClip clip, int seed)
    {
        int frames = SpeechFeatureWindows.Count((int)Math.Round(clip.Samples.Length / (double)AudioClip.SpeechRate * LogMelSpectrogram.FrameRate, MidpointRounding.ToEven));
        return new MotionSchedule(SpeechEnvelope.Compute(clip, frames), seed);
    }

    private static (AudioClip, string) LoadSpeech(SyntheticSpeakerOptions o)
    {
        if (o.AudioPath is not null) return (SpeechSource.FromWav(o.AudioPath), o.AudioPath);
        if (!o.BuiltInVoice && SpeechSource.FromEspeak(o.Text) is { } spoken) return (spoken, "espeak-ng");
        return (SpeechSource.Synthetic(o.BuiltInSeconds, o.VoiceSeed ?? o.Seed), $"built-in voiced signal (voice seed {o.VoiceSeed ?? o.Seed})");
    }

    /// <summary>Cuts the clip so its DeepSpeech-layout windows number at most <paramref name="maxFrames"/> (L = 2·max + 1 rows at 50 Hz).</summary>
    private static AudioClip CutToFrames(AudioClip clip, int maxFrames)
    {
        if (maxFrames <= 0) return clip;
        int samples = (2 * maxFrames + 1) * (AudioClip.SpeechRate / LogMelSpectrogram.FrameRate);
        return clip.Samples.Length <= samples ? clip : clip with { Samples = clip.Samples[..samples] };
    }

    private static void RenderFrames(DatasetFiles files, SyntheticHead head, MotionSchedule schedule, PlanarImage background,
        double focal, int size, SyntheticSpeakerOptions options, double[][,] matrices, Action<string> log)
    {
        int frames = schedule.Frames, done = 0;
        var progress = Stopwatch.StartNew();
        var renderers = new System.Collections.Concurrent.ConcurrentBag<SyntheticFrameRenderer>();
        try
        {
            Parallel.For(0, frames, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Threads) },
                () => { var r = new SyntheticFrameRenderer(head, background, options.RasterizerFactory()); renderers.Add(r); return r; },
                (k, _, renderer) =>
                {
                    var state = schedule.State(k);
                    var c2w = CameraToWorld(state.HeadMotion);
                    matrices[k] = c2w;
                    var camera = Camera.FromTransformMatrix(c2w, focal, size, size);
                    var frame = renderer.Render(state, camera, withClasses: !options.FramesOnly);
                    SyntheticDatasetWriter.WriteFrame(files, k, frame, LandmarkAnchors.Project(state, camera), options.FramesOnly);
                    int n = Interlocked.Increment(ref done);
                    lock (progress)
                    {
                        if (n == frames || progress.ElapsedMilliseconds > 2000)
                        {
                            log($"synth: {n}/{frames} frames ({100 * n / frames}%)");
                            progress.Restart();
                        }
                    }
                    return renderer;
                },
                _ => { });
        }
        finally
        {
            foreach (var r in renderers) r.Dispose();
        }
    }

    private static void Publish(string temp, string target, bool overwrite)
    {
        var parent = Path.GetDirectoryName(target);
        if (!string.IsNullOrEmpty(parent)) Directory.CreateDirectory(parent);
        if (Directory.Exists(target))
        {
            if (Directory.EnumerateFileSystemEntries(target).Any() && !overwrite)
                throw new IOException($"{target} appeared while generating. Choose a new folder, or pass --overwrite.");
            var old = target + $".old-{Environment.ProcessId}";
            Directory.Move(target, old);
            Directory.Move(temp, target);
            Directory.Delete(old, recursive: true);
        }
        else
        {
            Directory.Move(temp, target);
        }
    }
}
