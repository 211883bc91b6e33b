using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Training.Checkpoints;

/// <summary>The scalar part of a checkpoint (its meta.json entry); the arrays sit beside it in the .npz.</summary>
public sealed record CheckpointMeta
{
    /// <summary>Format name.</summary>
    public string Format { get; init; } = TrainingCheckpoint.FormatName;

    /// <summary>Format version.</summary>
    public int Version { get; init; } = TrainingCheckpoint.FormatVersion;

    /// <summary>The stage in progress (or the next to start when <see cref="Iteration"/> is 0).</summary>
    public TrainingStage Stage { get; init; }

    /// <summary>The next iteration of <see cref="Stage"/> to run.</summary>
    public int Iteration { get; init; }

    /// <summary>Stages that ran to their end.</summary>
    public TrainingStage[] Completed { get; init; } = [];

    /// <summary>Bytes of log.jsonl that belong to the run up to this checkpoint (a resume cuts the log there).</summary>
    public long LogBytes { get; init; }

    /// <summary>Bytes of validation.jsonl up to this checkpoint (null in older checkpoints: the file is left as it is).</summary>
    public long? ValidationBytes { get; init; }

    /// <summary>Training seconds per stage so far.</summary>
    public Dictionary<string, double> Seconds { get; init; } = new();

    /// <summary>The face branch, or null before the face stage.</summary>
    public BranchMeta? Face { get; init; }

    /// <summary>The mouth branch, or null before the mouth stage.</summary>
    public BranchMeta? Mouth { get; init; }

    /// <summary>The stage runner's random and sampler state (null at a stage boundary).</summary>
    public RunnerMeta? Runner { get; init; }
}

/// <summary>A branch's scalars: Gaussian count, SH degrees, optimiser step counts, the densifier's generator.</summary>
public sealed record BranchMeta
{
    /// <summary>Gaussians N.</summary>
    public int Count { get; init; }

    /// <summary>Stored SH degree.</summary>
    public int ShDegree { get; init; }

    /// <summary>Active SH degree.</summary>
    public int ActiveShDegree { get; init; }

    /// <summary>Scale activation.</summary>
    public string ScaleActivation { get; init; } = "";

    /// <summary>Adam step count per Gaussian group.</summary>
    public Dictionary<string, int> GaussianSteps { get; init; } = new();

    /// <summary>AdamW step count per motion group.</summary>
    public Dictionary<string, int> MotionSteps { get; init; } = new();

    /// <summary>State of the densifier's generator (split children).</summary>
    public ulong DensifierRandom { get; init; }
}

/// <summary>The stage runner's position in its random streams.</summary>
public sealed record RunnerMeta
{
    /// <summary>Next entry of the sampler's shuffled stack.</summary>
    public int SamplerPosition { get; init; }

    /// <summary>State of the sampler's generator.</summary>
    public ulong SamplerRandom { get; init; }

    /// <summary>State of the stage's other draws.</summary>
    public ulong StageRandom { get; init; }
}
