using System.CommandLine;
using System.Text.Json.Nodes;
using TalkingGaussian.Compute;
using TalkingGaussian.Data;
using TalkingGaussian.Evaluation.Lpips;
using TalkingGaussian.Training;
using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Cli.Commands;

/// <summary><c>tg train DATA --out RUN</c> and <c>tg train --resume RUN</c>: the three stages of paper §3.4.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Argument<string?>("DATA") { Description = "Dataset folder (the original's format; tg data check must pass). Not needed with --resume.", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--out") { Description = "Run folder to create (settings.json, log.jsonl, checkpoints/, model/, eval.json)." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder from its last checkpoint, with its own settings and dataset." };
        var preset = new Option<string>("--preset") { Description = "Starting settings: paper (released: 50k face, 50k mouth, 10k fusion iterations) or quick (a few thousand, for the synthetic speaker on a laptop CPU).", DefaultValueFactory = _ => "paper" };
        var settingsFile = new Option<string?>("--settings") { Description = "JSON file of settings to change (snake_case, as in a run's settings.json; only the keys it holds change)." };
        var set = new Option<string[]>("--set") { Description = "Change one setting: --set face.iterations=3000 --set face.sampling.interval=5 (repeatable; applied after --settings).", AllowMultipleArgumentsPerToken = true };
        var stages = new Option<string?>("--stages") { Description = "Stages to run, comma-separated, in order: face,mouth,fuse (default all)." };
        var seed = new Option<int?>("--seed") { Description = "Seed of every random draw (default 0, as released)." };
        var checkpointEvery = new Option<int?>("--checkpoint-every") { Description = "Checkpoint every N iterations of a stage (and at each stage's end)." };
        var validateEvery = new Option<int?>("--validate-every") { Description = "Score val frames every N iterations of a stage (0: only at each stage's end)." };
        var quiet = new Option<bool>("--quiet") { Description = "Only the final summary." };
        var models = new Option<string?>("--models") { Description = $"Folder holding {LpipsWeights.AlexNetFile} and {LpipsWeights.LinearFile} for the LPIPS terms of Eq. 11 (else the model cache $TG_MODELS or ~/.cache/talkinggaussian/models, then ./models); without them the run trains without LPIPS and says so." };
        var backend = CommonOptions.Backend();
        var command = new Command("train", "Train a talking head: face branch, inside-mouth branch, then fusion (paper §3.4), writing a run folder that resumes exactly.");
        command.Arguments.Add(data);
        foreach (var o in new Option[] { output, resume, preset, settingsFile, set, stages, seed, checkpointEvery, validateEvery, quiet, models, backend }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            string? resumeFolder = parse.GetValue(resume);
            TrainingRun run;
            TrainingSettings settings;
            string datasetPath;
            if (resumeFolder is not null)
            {
                if (parse.GetValue(data) is not null || parse.GetValue(output) is not null || parse.GetValue(settingsFile) is not null
                    || parse.GetValue(set) is { Length: > 0 } || parse.GetValue(stages) is not null || parse.GetValue(seed) is not null)
                    throw new UserInputException("--resume continues a run with its own dataset and settings; give no DATA, --out, --settings, --set, --stages or --seed with it.");
                run = new TrainingRun(resumeFolder);
                (settings, datasetPath) = Read(run.ReadSettings);
            }
            else
            {
                datasetPath = parse.GetValue(data) ?? throw new UserInputException("give the dataset folder: tg train DATA --out RUN (or --resume RUN).");
                string outPath = parse.GetValue(output) ?? throw new UserInputException("give the run folder to create: tg train DATA --out RUN.");
                run = new TrainingRun(outPath);
                if (File.Exists(run.SettingsPath))
                    throw new UserInputException($"{run.Folder} already holds a training run; continue it with --resume {outPath}, or choose another --out.");
                settings = Read(() => Resolve(parse, preset, settingsFile, set, stages, seed, checkpointEvery, validateEvery));
            }
            var problems = settings.Problems();
            if (problems.Count > 0) throw new UserInputException("impossible settings:\n  " + string.Join("\n  ", problems));

            TalkingDataset dataset;
            try
            {
                dataset = TalkingDataset.Open(datasetPath, new DatasetOptions { AudioExtractor = settings.AudioExtractor, CacheBudgetBytes = settings.CacheBudgetBytes });
            }
            catch (DatasetInvalidException e) { throw new UserInputException(e.Message); }
            catch (Exception e) when (e is IOException or InvalidDataException) { throw new UserInputException($"{datasetPath}: {e.Message}"); }
            using (dataset)
            {
                var device = DeviceFactory.Get(parse.GetValue(backend));
                var perceptual = Perceptual(parse.GetValue(models), resumeFolder is null ? null : run);
                using var context = new TrainingContext(settings, dataset, device, perceptual);
                string? checkpoint = resumeFolder is null ? null : run.LatestCheckpoint()
                    ?? throw new UserInputException($"{run.CheckpointFolder}: no checkpoint to resume from; start the run again with tg train DATA --out RUN.");
                if (resumeFolder is null) run.WriteSettings(settings, dataset.Files.Root, device.Description, RunDerivation.Of(context));
                bool quietMode = parse.GetValue(quiet);
                var progress = new TrainingConsole(quietMode);
                Console.WriteLine($"training {dataset.Files.Root} ({dataset.Train.Frames.Count} train / {dataset.Val.Frames.Count} val frames, {dataset.Width}×{dataset.Height}) on {device.Description}, preset {settings.Preset} → {run.Folder}");
                var trainer = new Trainer(context, run)
                {
                    Iterated = progress.Iterated,
                    Validated = progress.Validated,
                    Message = progress.Message,
                };
                using var cancel = new CancellationTokenSource();
                ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
                Console.CancelKeyPress += onCancel;
                try
                {
                    var result = trainer.Run(checkpoint, cancel.Token);
                    progress.Summary(result);
                    return 0;
                }
                catch (OperationCanceledException)
                {
                    Console.Error.WriteLine($"tg: training stopped; continue with: tg train --resume {run.Folder}");
                    return 130;
                }
                finally { Console.CancelKeyPress -= onCancel; }
            }
        });
        return command;
    }

    /// <summary>
    /// LPIPS when its weights are found. A resumed run keeps the choice it started with, so that it continues the same
    /// loss: LPIPS again (its weights must still be there), or none even if weights have appeared since.
    /// </summary>
    private static IPerceptualLoss? Perceptual(string? models, TrainingRun? resumed)
    {
        string? recorded = resumed?.ReadDerived()["perceptual_loss"]?.GetValue<string>();
        if (recorded is not null && !recorded.StartsWith("lpips", StringComparison.Ordinal)) return null;
        LpipsAlex? lpips;
        string unavailable;
        try { lpips = LpipsModelFiles.TryLoad(models, out unavailable); }
        catch (InvalidDataException e) { throw new UserInputException(e.Message); }
        if (lpips is null && recorded is not null)
            throw new UserInputException($"{resumed!.Folder} trained with {recorded}, and {unavailable}; give the same weights to resume it.");
        return lpips;
    }

    private static TrainingSettings Resolve(ParseResult parse, Option<string> preset, Option<string?> settingsFile, Option<string[]> set,
        Option<string?> stages, Option<int?> seed, Option<int?> checkpointEvery, Option<int?> validateEvery)
    {
        var s = TrainingPresets.Get(parse.GetValue(preset)!);
        if (parse.GetValue(settingsFile) is { } file)
        {
            if (!File.Exists(file)) throw new UserInputException($"--settings: {file} does not exist.");
            s = TrainingSettingsJson.Merge(s, File.ReadAllText(file), file);
        }
        var overrides = new List<string>(parse.GetValue(set) ?? []);
        if (parse.GetValue(stages) is { } st) overrides.Add("stages=" + new JsonArray(st.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(x => (JsonNode?)x).ToArray()).ToJsonString());
        if (parse.GetValue(seed) is int sd) overrides.Add($"seed={sd}");
        if (parse.GetValue(checkpointEvery) is int ce) overrides.Add($"checkpoint_every={ce}");
        if (parse.GetValue(validateEvery) is int ve) overrides.Add($"validate_every={ve}");
        return overrides.Count == 0 ? s : TrainingSettingsJson.Apply(s, overrides);
    }

    private static T Read<T>(Func<T> read)
    {
        try { return read(); }
        catch (TrainingSettingsException e) { throw new UserInputException(e.Message); }
    }
}
