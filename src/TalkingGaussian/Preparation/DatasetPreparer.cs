using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TalkingGaussian.Data;
using TalkingGaussian.Media;

namespace TalkingGaussian.Preparation;

/// <summary>
/// <c>tg prepare VIDEO --out DIR</c>: a speech video becomes the dataset folder the trainer reads, in the original's
/// format (original-code.md §1, §9), with no Python and no download at run time. The stages
/// (<see cref="PreparationStage.All"/>) write into <c>DIR.tmp</c>; each records when it is finished, so a second run
/// after an interruption skips the finished ones; the folder is checked with <see cref="DatasetValidator"/> and
/// renamed to <c>DIR</c> at the end. The input video is only read.
/// </summary>
public static class DatasetPreparer
{
    public static PreparationResult Prepare(string video, string output, PreparationOptions options)
    {
        var log = options.Log ?? (_ => { });
        var models = options.Models ?? ModelStore.Default();
        var missing = models.Missing(ModelStore.Models);
        if (missing.Count > 0)
            throw new PreparationException($"The preparation models are not in {models.Folder} ({string.Join(", ", missing.Select(m => m.Name))}). Fetch them once with `tg models fetch` (npm pack of pinned MediaPipe packages, sha256-checked), or set TG_MODELS to the folder that holds them.");
        var info = VideoInfo.Probe(video);
        if (!info.Is25Fps && !options.FpsConvert)
            throw new PreparationException($"{info.Path} runs at {info.FramesPerSecond:0.###} fps; the dataset format is 25 fps (one frame per audio-feature window). Run again with --fps-convert to re-time it with ffmpeg (frames are dropped or repeated, the sound is unchanged), or convert it yourself: `ffmpeg -i in.mp4 -vf fps=25 -c:a copy out.mp4`.");
        if (info.Width < 64 || info.Height < 64)
            throw new PreparationException($"{info.Path} is {info.Width}×{info.Height}; at least 64×64 is needed (about 512×512 is usual).");

        var target = Path.GetFullPath(output).TrimEnd(Path.DirectorySeparatorChar);
        if (info.Path.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal) || info.Path.StartsWith(target + ".tmp" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new PreparationException($"The video {info.Path} lies inside the output folder {target}. Choose an output folder elsewhere, so the video is never overwritten.");
        if (File.Exists(target) || File.Exists(target + ".tmp"))
            throw new PreparationException($"{(File.Exists(target) ? target : target + ".tmp")} is a file; --out names the dataset folder to write (it and DIR.tmp are created). Choose a folder path that is not a file.");
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !options.Overwrite)
            throw new PreparationException($"{target} already exists and is not empty. Choose a new folder, or pass --overwrite to replace it once the new one is complete.");

        var temp = target + ".tmp";
        var context = new PreparationContext(info, temp, models, options);
        StartOrResume(context, options.Overwrite, log);
        var clock = Stopwatch.StartNew();
        var stages = new List<(string, double, bool)>();
        var notes = new List<string>();
        foreach (var stage in PreparationStage.All)
        {
            var marker = Path.Combine(context.StateFolder, stage.Name + ".done");
            if (File.Exists(marker))
            {
                var saved = File.ReadAllLines(marker);
                log($"{stage.Name}: finished in an earlier run, skipped");
                stages.Add((stage.Name, 0, true));
                notes.AddRange(saved.Skip(1));
                continue;
            }
            var watch = Stopwatch.StartNew();
            var stageNotes = stage.Run(context);
            double seconds = watch.Elapsed.TotalSeconds;
            AtomicFile.WriteAllText(marker, seconds.ToString("F3", CultureInfo.InvariantCulture) + "\n" + string.Concat(stageNotes.Select(n => n + "\n")));
            log($"{stage.Name}: done in {seconds:F1} s");
            stages.Add((stage.Name, seconds, false));
            notes.AddRange(stageNotes);
        }

        var problems = DatasetValidator.Validate(temp, AudioExtractor.DeepSpeech);
        if (problems.Count > 0)
            throw new PreparationException($"The prepared folder {temp} fails the dataset check: {string.Join("; ", problems.Take(5).Select(p => $"{p.File}: {p.Problem}"))}. This is a bug in tg prepare; please report it with the video's ffprobe output.");
        WriteReport(context, stages, notes);
        string? preview = null;
        if (options.Preview) preview = ContactSheet.Write(temp, Path.Combine(temp, ContactSheet.FileName));
        Directory.Delete(context.StateFolder, recursive: true);
        Publish(temp, target, options.Overwrite);
        log($"wrote {target}: {context.Video.Path} → {CountFrames(target)} frames in {clock.Elapsed.TotalSeconds:F1} s");
        return new PreparationResult(target, CountFrames(target), stages, notes, preview is null ? null : Path.Combine(target, ContactSheet.FileName));
    }

    private static int CountFrames(string folder) => Directory.EnumerateFiles(Path.Combine(folder, "gt_imgs"), "*.jpg").Count();

    /// <summary>Starts <c>DIR.tmp</c>, or resumes it when it holds an unfinished preparation of the same video with the same settings.</summary>
    private static void StartOrResume(PreparationContext c, bool overwrite, Action<string> log)
    {
        var source = Path.Combine(c.StateFolder, "source.json");
        var file = new FileInfo(c.Video.Path);
        var identity = JsonSerializer.Serialize(new
        {
            video = c.Video.Path,
            bytes = file.Length,
            modified = file.LastWriteTimeUtc.ToString("O", CultureInfo.InvariantCulture),
            fps_convert = c.Options.FpsConvert,
            max_frames = c.Options.MaxFrames,
            pose_smoothing = c.Options.PoseSmoothingFrames,
        });
        var root = c.Files.Root;
        if (Directory.Exists(root))
        {
            bool same = File.Exists(source) && File.ReadAllText(source) == identity;
            if (same)
            {
                log($"resuming the unfinished preparation in {root}");
                return;
            }
            if (!overwrite && Directory.EnumerateFileSystemEntries(root).Any())
                throw new PreparationException($"{root} holds an unfinished preparation of another video or with other settings. Delete it, or pass --overwrite to start over.");
            Directory.Delete(root, recursive: true);
        }
        Directory.CreateDirectory(c.StateFolder);
        AtomicFile.WriteAllText(source, identity);
    }

    private static void WriteReport(PreparationContext c, List<(string Stage, double Seconds, bool Resumed)> stages, List<string> notes)
    {
        var report = new
        {
            video = c.Video.Path,
            width = c.Video.Width,
            height = c.Video.Height,
            video_fps = c.Video.FramesPerSecond,
            frames = c.Frames,
            stages = stages.Select(s => new { name = s.Stage, seconds = Math.Round(s.Seconds, 2), resumed = s.Resumed }),
            notes,
        };
        AtomicFile.WriteAllText(Path.Combine(c.Files.Root, "preparation.json"), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static void Publish(string temp, string target, bool overwrite)
    {
        var parent = Path.GetDirectoryName(target);
        if (!string.IsNullOrEmpty(parent)) Directory.CreateDirectory(parent);
        if (Directory.Exists(target))
        {
            if (Directory.EnumerateFileSystemEntries(target).Any() && !overwrite)
                throw new PreparationException($"{target} appeared while preparing. Choose a new folder, or pass --overwrite.");
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
