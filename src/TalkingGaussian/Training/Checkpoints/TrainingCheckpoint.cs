using System.Text.Json;
using TalkingGaussian.Data.Npy;
using TalkingGaussian.Gaussians;
using TalkingGaussian.Media;
using TalkingGaussian.Training.Settings;
using TalkingGaussian.Training.Stages;

namespace TalkingGaussian.Training.Checkpoints;

/// <summary>
/// A checkpoint holds everything the next iteration depends on, so a resumed run continues exactly as the uninterrupted
/// one would: both branches' raw parameters, Adam/AdamW moments and step counts, densification statistics, the motion
/// parameters, the sampler's shuffled stack and every generator's state, the stage and iteration. It is a .npz (zip of
/// .npy arrays plus meta.json), written to a temporary file and renamed, so a crash while writing leaves the previous
/// checkpoint intact.
/// </summary>
public static class TrainingCheckpoint
{
    /// <summary>Format name in meta.json.</summary>
    public const string FormatName = "talkinggaussian-dotnet-checkpoint";

    /// <summary>Format version this build writes and reads.</summary>
    public const int FormatVersion = 1;

    private static JsonSerializerOptions Json => TrainingSettingsJson.Options;

    /// <summary>Writes <paramref name="state"/> (and <paramref name="runner"/>'s random state when a stage is in progress) to <paramref name="path"/>.</summary>
    public static void Save(string path, TrainingState state, IStageRunner? runner, long logBytes, long validationBytes, IReadOnlyDictionary<string, double> seconds)
    {
        var arrays = new List<KeyValuePair<string, NpyArray>>();
        var meta = new CheckpointMeta
        {
            Stage = state.Stage,
            Iteration = state.Iteration,
            Completed = state.Completed.Order().ToArray(),
            LogBytes = logBytes,
            ValidationBytes = validationBytes,
            Seconds = new Dictionary<string, double>(seconds),
            Face = SaveBranch("face", state.FaceGaussians, state.FaceMotion, arrays),
            Mouth = SaveBranch("mouth", state.MouthGaussians, state.MouthMotion, arrays),
            Runner = runner is null ? null : new RunnerMeta
            {
                SamplerPosition = runner.Sampler.Position,
                SamplerRandom = runner.Sampler.Random.State,
                StageRandom = runner.Random.State,
            },
        };
        if (runner is not null) arrays.Add(new("sampler/order", NpyArray.FromInt32(runner.Sampler.Order, runner.Sampler.Order.Length)));
        AtomicFile.Write(path, s =>
        {
            NpzArchive.Write(s, arrays, [new("meta.json", JsonSerializer.Serialize(meta, Json))]);
            PauseForCrashTest();
        });
    }

    private static int _writes;

    /// <summary>
    /// Test hook for the crash test (a process killed while it writes a checkpoint): with the environment variable
    /// TG_TEST_CHECKPOINT_PAUSE set to "N:ms", the N-th checkpoint write of the process pauses for ms milliseconds after its
    /// data is written to the temporary file and before the rename. Unset (always, outside that test) it does nothing.
    /// </summary>
    private static void PauseForCrashTest()
    {
        var hook = Environment.GetEnvironmentVariable("TG_TEST_CHECKPOINT_PAUSE");
        int write = Interlocked.Increment(ref _writes);
        if (hook is null || hook.Split(':') is not [var n, var ms] || !int.TryParse(n, out int which) || !int.TryParse(ms, out int pause)) return;
        if (write == which) Thread.Sleep(pause);
    }

    /// <summary>Reads the scalars of a checkpoint (to see where it stands without restoring it).</summary>
    public static CheckpointMeta ReadMeta(string path) => Open(path).Meta;

    /// <summary>
    /// Restores a checkpoint into a fresh <see cref="TrainingState"/> (optimisers built from <paramref name="context"/>'s
    /// settings, then their saved moments, statistics and generators put back).
    /// </summary>
    public static (TrainingState State, CheckpointMeta Meta) Load(string path, TrainingContext context, TrainingState fresh)
    {
        var (meta, arrays) = Open(path);
        var state = fresh;
        state.Stage = meta.Stage;
        state.Iteration = meta.Iteration;
        foreach (var s in meta.Completed) state.Completed.Add(s);
        if (meta.Face is { } face)
        {
            var field = LoadField(path, "face", face, arrays);
            state.FaceGaussians = BranchOptimizers.FaceGaussians(context, field);
            state.FaceMotion = BranchOptimizers.FaceMotion(context, state, Array(path, arrays, "face/motion/parameters").ToFloat32());
            RestoreOptimizers(path, "face", face, state.FaceGaussians, state.FaceMotion, arrays);
        }
        if (meta.Mouth is { } mouth)
        {
            var field = LoadField(path, "mouth", mouth, arrays);
            state.MouthGaussians = BranchOptimizers.MouthGaussians(context, field);
            state.MouthMotion = BranchOptimizers.MouthMotion(context, state, Array(path, arrays, "mouth/motion/parameters").ToFloat32());
            RestoreOptimizers(path, "mouth", mouth, state.MouthGaussians, state.MouthMotion, arrays);
        }
        return (state, meta);
    }

    /// <summary>Puts a stage runner's sampler stack and generators back (after it was built on the restored state).</summary>
    public static void RestoreRunner(string path, CheckpointMeta meta, IStageRunner runner)
    {
        if (meta.Runner is not { } r) return;
        var (_, arrays) = Open(path);
        var order = Array(path, arrays, "sampler/order").ToInt32();
        if (order.Length != runner.Sampler.Order.Length)
            throw new InvalidDataException($"{path}: the sampler stack has {order.Length} frames but the dataset's train split has {runner.Sampler.Order.Length}; resume with the dataset the run was trained on.");
        order.CopyTo(runner.Sampler.Order, 0);
        runner.Sampler.Position = r.SamplerPosition;
        runner.Sampler.Random.State = r.SamplerRandom;
        runner.Random.State = r.StageRandom;
    }

    private static BranchMeta? SaveBranch(string p, GaussianFieldOptimizer? gaussians, MotionFieldOptimizer? motion, List<KeyValuePair<string, NpyArray>> arrays)
    {
        if (gaussians is null || motion is null) return null;
        var f = gaussians.Field;
        int n = f.Count, k = f.ShCoefficients;
        Add(arrays, $"{p}/means", f.Means, 3 * n, n, 3);
        Add(arrays, $"{p}/scales_raw", f.ScalesRaw, 3 * n, n, 3);
        Add(arrays, $"{p}/rotations_raw", f.RotationsRaw, 4 * n, n, 4);
        Add(arrays, $"{p}/opacities_raw", f.OpacitiesRaw, n, n);
        Add(arrays, $"{p}/sh", f.Sh, 3 * k * n, n, k, 3);
        var steps = new Dictionary<string, int>();
        foreach (var g in gaussians.Adam.Groups)
        {
            var (m, v) = gaussians.Adam.MomentsOf(g);
            Add(arrays, $"{p}/adam/{g.Name}/m", m, m.Length, m.Length);
            Add(arrays, $"{p}/adam/{g.Name}/v", v, v.Length, v.Length);
            steps[g.Name] = gaussians.Adam.StepCount(g);
        }
        var d = gaussians.Densifier;
        Add(arrays, $"{p}/densify/gradient_accum", d.GradientAccum.ToArray(), d.Count, d.Count);
        Add(arrays, $"{p}/densify/denominator", d.Denominator.ToArray(), d.Count, d.Count);
        arrays.Add(new($"{p}/densify/max_radii", NpyArray.FromInt32(d.MaxRadii.ToArray(), d.Count)));
        Add(arrays, $"{p}/motion/parameters", motion.Parameters, motion.Parameters.Length, motion.Parameters.Length);
        var motionSteps = new Dictionary<string, int>();
        foreach (var g in motion.AdamW.Groups)
        {
            var (m, v) = motion.AdamW.MomentsOf(g);
            Add(arrays, $"{p}/motion_adam/{g.Name}/m", m, m.Length, m.Length);
            Add(arrays, $"{p}/motion_adam/{g.Name}/v", v, v.Length, v.Length);
            motionSteps[g.Name] = motion.AdamW.StepCount(g);
        }
        return new BranchMeta
        {
            Count = n,
            ShDegree = f.ShDegree,
            ActiveShDegree = f.ActiveShDegree,
            ScaleActivation = f.ScaleActivation.ToString(),
            GaussianSteps = steps,
            MotionSteps = motionSteps,
            DensifierRandom = d.Random.State,
        };
    }

    private static PersistentGaussianField LoadField(string path, string p, BranchMeta b, Dictionary<string, NpyArray> arrays)
    {
        if (!Enum.TryParse<ScaleActivation>(b.ScaleActivation, out var activation))
            throw new InvalidDataException($"{path}: unknown scale activation '{b.ScaleActivation}' for the {p} branch.");
        var field = new PersistentGaussianField(b.Count, b.ShDegree, activation);
        int n = b.Count, k = field.ShCoefficients;
        Copy(path, arrays, $"{p}/means", field.Means, 3 * n);
        Copy(path, arrays, $"{p}/scales_raw", field.ScalesRaw, 3 * n);
        Copy(path, arrays, $"{p}/rotations_raw", field.RotationsRaw, 4 * n);
        Copy(path, arrays, $"{p}/opacities_raw", field.OpacitiesRaw, n);
        Copy(path, arrays, $"{p}/sh", field.Sh, 3 * k * n);
        field.ActiveShDegree = b.ActiveShDegree;
        return field;
    }

    private static void RestoreOptimizers(string path, string p, BranchMeta b, GaussianFieldOptimizer gaussians, MotionFieldOptimizer motion,
        Dictionary<string, NpyArray> arrays)
    {
        foreach (var g in gaussians.Adam.Groups)
            gaussians.Adam.Restore(g, Array(path, arrays, $"{p}/adam/{g.Name}/m").ToFloat32(), Array(path, arrays, $"{p}/adam/{g.Name}/v").ToFloat32(),
                b.GaussianSteps.GetValueOrDefault(g.Name));
        foreach (var g in motion.AdamW.Groups)
            motion.AdamW.Restore(g, Array(path, arrays, $"{p}/motion_adam/{g.Name}/m").ToFloat32(), Array(path, arrays, $"{p}/motion_adam/{g.Name}/v").ToFloat32(),
                b.MotionSteps.GetValueOrDefault(g.Name));
        gaussians.Densifier.Restore(Array(path, arrays, $"{p}/densify/gradient_accum").ToFloat32(), Array(path, arrays, $"{p}/densify/denominator").ToFloat32(),
            Array(path, arrays, $"{p}/densify/max_radii").ToInt32());
        gaussians.Densifier.Random.State = b.DensifierRandom;
    }

    private static (CheckpointMeta Meta, Dictionary<string, NpyArray> Arrays) Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: checkpoint not found.", path);
        var (arrays, texts) = NpzArchive.Read(path);
        if (!texts.TryGetValue("meta.json", out var json)) throw new InvalidDataException($"{path}: no meta.json entry; not a training checkpoint.");
        CheckpointMeta meta;
        try { meta = JsonSerializer.Deserialize<CheckpointMeta>(json, Json) ?? throw new JsonException("null"); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: meta.json is not readable ({e.Message})."); }
        if (meta.Format != FormatName || meta.Version != FormatVersion)
            throw new InvalidDataException($"{path}: checkpoint format '{meta.Format}' version {meta.Version}; this build reads '{FormatName}' version {FormatVersion}.");
        return (meta, arrays);
    }

    private static NpyArray Array(string path, Dictionary<string, NpyArray> arrays, string name) =>
        arrays.TryGetValue(name, out var a) ? a : throw new InvalidDataException($"{path}: the checkpoint lacks '{name}'.");

    private static void Copy(string path, Dictionary<string, NpyArray> arrays, string name, float[] into, int length)
    {
        var values = Array(path, arrays, name).ToFloat32();
        if (values.Length != length) throw new InvalidDataException($"{path}: '{name}' has {values.Length} values; expected {length}.");
        values.CopyTo(into, 0);
    }

    private static void Add(List<KeyValuePair<string, NpyArray>> arrays, string name, float[] values, int length, params int[] shape) =>
        arrays.Add(new(name, NpyArray.FromFloat32(length == values.Length ? values : values[..length], shape)));
}
