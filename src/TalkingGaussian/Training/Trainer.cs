using System.Diagnostics;
using System.Text.Json;
using TalkingGaussian.Model;
using TalkingGaussian.Motion;
using TalkingGaussian.Training.Checkpoints;
using TalkingGaussian.Training.Settings;
using TalkingGaussian.Training.Stages;

namespace TalkingGaussian.Training;

/// <summary>
/// Runs the stages of paper §3.4 in order (face → mouth → fuse) on a <see cref="TrainingContext"/>, writing the run folder
/// (<see cref="TrainingRun"/>): a log line per iteration, periodic validation on the val split, checkpoints on schedule and at
/// each stage's end, and at the end the model and its held-out scores. <see cref="Run"/> continues from a checkpoint exactly.
/// </summary>
public sealed class Trainer
{
    private readonly TrainingContext _ctx;
    private readonly TrainingRun _run;
    private readonly Dictionary<string, double> _seconds = new();

    /// <summary>A trainer writing into <paramref name="run"/>.</summary>
    public Trainer(TrainingContext context, TrainingRun run)
    {
        _ctx = context;
        _run = run;
    }

    /// <summary>Called after every iteration with its record and the run's progress.</summary>
    public Action<StepRecord, TrainingProgress>? Iterated { get; init; }

    /// <summary>Called after every validation.</summary>
    public Action<ValidationScores>? Validated { get; init; }

    /// <summary>Receives one-line messages (stage starts, checkpoints, notes).</summary>
    public Action<string>? Message { get; init; }

    /// <summary>
    /// What the run has learned so far (null before <see cref="Run"/>): callbacks may read it, e.g. to render the
    /// Gaussians at chosen iterations, and must not change it.
    /// </summary>
    public TrainingState? State { get; private set; }

    /// <summary>
    /// Trains from the start, or from <paramref name="checkpoint"/>. On cancellation a checkpoint is written at the
    /// current iteration before <see cref="OperationCanceledException"/> is thrown, so the run can be resumed.
    /// </summary>
    public TrainingResult Run(string? checkpoint = null, CancellationToken cancel = default)
    {
        var settings = _ctx.Settings;
        var state = TrainingState.For(settings);
        CheckpointMeta? meta = null;
        if (_run.DeleteUnfinishedCheckpoints() is int stale and > 0)
            Message?.Invoke($"removed {stale} unfinished checkpoint file(s) left by an interrupted run");
        if (checkpoint is not null)
        {
            (state, meta) = TrainingCheckpoint.Load(checkpoint, _ctx, state);
            _run.CutValidation(meta.ValidationBytes);
            foreach (var (k, v) in meta.Seconds) _seconds[k] = v;
            Message?.Invoke($"resuming from {Path.GetFileName(checkpoint)}: {meta.Stage.ToString().ToLowerInvariant()} stage, iteration {meta.Iteration}");
        }
        State = state;
        if (_ctx.Perceptual is null && NeedsPerceptual(settings))
            Message?.Invoke("no perceptual loss (LPIPS) is available: training without the LPIPS terms of Eq. 11 (settings.json says so too)");

        ValidationScores? last = null;
        using (var log = new TrainingLog(_run.LogPath, meta?.LogBytes ?? 0))
        {
            foreach (var stage in settings.Stages)
            {
                if (state.Completed.Contains(stage)) continue;
                bool resumeInStage = meta is not null && meta.Stage == stage && !meta.Completed.Contains(stage);
                if (!resumeInStage) { state.Stage = stage; state.Iteration = 0; }
                using var runner = CreateRunner(stage, state);
                if (resumeInStage && checkpoint is not null) TrainingCheckpoint.RestoreRunner(checkpoint, meta!, runner);
                last = RunStage(runner, state, log, cancel) ?? last;
            }
        }

        var result = new TrainingResult(_run, state, last, Seconds: new Dictionary<string, double>(_seconds),
            PeakWorkingSetBytes: Process.GetCurrentProcess().PeakWorkingSet64);
        if (state.FaceGaussians is not null && state.MouthGaussians is not null)
        {
            var model = ModelOf(state);
            model.Save(_run.ModelFolder);
            Message?.Invoke($"model written to {_run.ModelFolder}");
            if (state.Completed.Contains(TrainingStage.Fuse))
            {
                var eval = HeldOutEvaluation.Run(model, _ctx);
                eval.Write(_run.EvalPath);
                result = result with { Evaluation = eval };
                Message?.Invoke($"held-out: PSNR {eval.Psnr:F2} dB, SSIM {eval.Ssim:F4}, lips PSNR {eval.LipsPsnr:F2} dB over {eval.Frames} val frames → {_run.EvalPath}");
            }
        }
        return result;
    }

    private ValidationScores? RunStage(IStageRunner runner, TrainingState state, TrainingLog log, CancellationToken cancel)
    {
        var stage = runner.Stage;
        string name = stage.ToString().ToLowerInvariant();
        var settings = _ctx.Settings;
        Message?.Invoke($"{name} stage: iterations {state.Iteration}–{runner.Iterations}");
        var clock = Stopwatch.StartNew();
        double before = _seconds.GetValueOrDefault(name);
        var progress = new TrainingProgress(stage, runner.Iterations, state.Iteration);
        ValidationScores? scores = null;
        for (int it = state.Iteration; it < runner.Iterations; it++)
        {
            if (cancel.IsCancellationRequested)
            {
                _seconds[name] = before + clock.Elapsed.TotalSeconds;
                string path = Checkpoint(state, runner, log, stageEnd: false);
                Message?.Invoke($"stopped at {name} iteration {it}; checkpoint {path}");
                cancel.ThrowIfCancellationRequested();
            }
            var record = runner.Step(it);
            log.Write(record);
            state.Iteration = it + 1;
            progress.Update(it + 1, clock.Elapsed.TotalSeconds);
            Iterated?.Invoke(record, progress);
            bool end = it + 1 == runner.Iterations;
            if (!end && settings.ValidateEvery > 0 && (it + 1) % settings.ValidateEvery == 0) scores = Validate(runner, it + 1);
            if (!end && (it + 1) % settings.CheckpointEvery == 0)
            {
                _seconds[name] = before + clock.Elapsed.TotalSeconds;
                Checkpoint(state, runner, log, stageEnd: false);
            }
        }
        scores = Validate(runner, runner.Iterations);
        state.Completed.Add(stage);
        _seconds[name] = before + clock.Elapsed.TotalSeconds;
        string final = Checkpoint(state, null, log, stageEnd: true);
        Message?.Invoke($"{name} stage done in {_seconds[name]:F0} s; checkpoint {Path.GetFileName(final)}");
        return scores;
    }

    private ValidationScores Validate(IStageRunner runner, int iteration)
    {
        var frames = ValidationScores.Spread(_ctx.Dataset.Val.Frames, _ctx.Settings.ValidationFrames);
        string compared = runner.Stage switch
        {
            TrainingStage.Face when _ctx.Settings.Face.LearnInsideMouth => "face branch (one shared field) vs frame with face, hair and inside mouth",
            TrainingStage.Face => "face branch vs frame with face and hair only (inside mouth painted the background)",
            TrainingStage.Mouth => "mouth branch vs the frame's inside mouth",
            _ => "fused head vs frame",
        };
        var scores = ValidationScores.Measure(runner, iteration, _ctx.Dataset, frames, compared);
        AppendValidation(scores);
        Validated?.Invoke(scores);
        return scores;
    }

    private void AppendValidation(ValidationScores s)
    {
        Directory.CreateDirectory(_run.Folder);
        using var stream = new FileStream(_run.ValidationPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        using var w = new Utf8JsonWriter(stream);
        w.WriteStartObject();
        w.WriteString("stage", s.Stage.ToString().ToLowerInvariant());
        w.WriteNumber("it", s.Iteration);
        w.WriteString("compared", s.Compared);
        TrainingLog.Number(w, "psnr", s.MeanPsnr);
        TrainingLog.Number(w, "ssim", s.MeanSsim);
        TrainingLog.Number(w, "lips_psnr", s.MeanLipsPsnr);
        w.WriteNumber("frames", s.ImgIds.Length);
        w.WriteEndObject();
        w.Flush();
        stream.WriteByte((byte)'\n');
    }

    private string Checkpoint(TrainingState state, IStageRunner? runner, TrainingLog log, bool stageEnd)
    {
        log.Flush();
        return _run.WriteCheckpoint(state, runner, stageEnd, log.Bytes, _seconds);
    }

    private IStageRunner CreateRunner(TrainingStage stage, TrainingState state) => stage switch
    {
        TrainingStage.Face => new FaceStage(_ctx, state),
        TrainingStage.Mouth => new MouthStage(_ctx, state),
        _ => new FuseStage(_ctx, state),
    };

    private TalkingHeadModel ModelOf(TrainingState state) => new(
        new ModelInfo(_ctx.Width, _ctx.Height, _ctx.Dataset.FocalLength, _ctx.Settings.AudioExtractor, _ctx.Dataset.Files.Root),
        state.FaceGaussians!.Field, state.FaceMotion!.Parameters, state.MouthGaussians!.Field, state.MouthMotion!.Parameters);

    private static bool NeedsPerceptual(TrainingSettings s) =>
        s.Stages.Contains(TrainingStage.Face) && s.Face.LpipsFromFraction < 1
        || s.Stages.Contains(TrainingStage.Mouth) && s.Mouth.FinalFraction < 1
        || s.Stages.Contains(TrainingStage.Fuse) && s.Fuse.LpipsFromFraction < 1;
}

/// <summary>Where a stage stands: iterations done of its length, iterations per second and the estimated time left.</summary>
public sealed class TrainingProgress(TrainingStage stage, int iterations, int start)
{
    private readonly int _start = start;
    private double _seconds;
    private int _done = start;

    /// <summary>The stage.</summary>
    public TrainingStage Stage { get; } = stage;

    /// <summary>The stage's length.</summary>
    public int Iterations { get; } = iterations;

    /// <summary>Iterations done.</summary>
    public int Done => _done;

    /// <summary>Iterations per second since the stage (or the resume) started.</summary>
    public double PerSecond => _seconds > 0 ? (_done - _start) / _seconds : 0;

    /// <summary>Estimated seconds left in the stage.</summary>
    public double SecondsLeft => PerSecond > 0 ? (Iterations - _done) / PerSecond : double.NaN;

    internal void Update(int done, double seconds)
    {
        _done = done;
        _seconds = seconds;
    }
}

/// <summary>What a run produced.</summary>
public sealed record TrainingResult(TrainingRun Run, TrainingState State, ValidationScores? LastValidation,
    IReadOnlyDictionary<string, double> Seconds, long PeakWorkingSetBytes)
{
    /// <summary>The held-out scores written to eval.json (null when the fusion stage has not run).</summary>
    public HeldOutEvaluation? Evaluation { get; init; }
}
