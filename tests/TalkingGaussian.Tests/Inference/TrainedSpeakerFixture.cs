using TalkingGaussian.Data;
using TalkingGaussian.Training;
using TalkingGaussian.Tests.Training;

namespace TalkingGaussian.Tests.Inference;

/// <summary>
/// The tiny synthetic speaker of the trainer tests (64×64, 22 frames) and one run trained on it with their settings, made
/// once; but the face stage never prunes oversized Gaussians and the mouth stage never densifies (nor prunes): in so short
/// a run those prunes remove every Gaussian of a branch (all are still large, or still faint), and the inference tests
/// need both branches.
/// </summary>
public sealed class TrainedSpeakerFixture : IDisposable
{
    private readonly TinySpeakerFixture _speaker = new();

    public TrainedSpeakerFixture()
    {
        Run = new TrainingRun(_speaker.NewRun());
        using var dataset = _speaker.Open();
        var tiny = TinySpeakerFixture.Settings;
        var settings = tiny with
        {
            Face = tiny.Face with { Densification = tiny.Face.Densification with { SizePruneFromFraction = 1f } },
            Mouth = tiny.Mouth with { Densification = tiny.Mouth.Densification with { Interval = 1000 } },
        };
        using var context = new TrainingContext(settings, dataset, TestDevices.Cpu);
        Evaluation = new Trainer(context, Run).Run(null, CancellationToken.None).Evaluation!;
    }

    /// <summary>The dataset folder.</summary>
    public string Dataset => _speaker.Folder;

    /// <summary>The finished run (model/, eval.json).</summary>
    public TrainingRun Run { get; }

    /// <summary>What the trainer scored on the val frames (eval.json).</summary>
    public HeldOutEvaluation Evaluation { get; }

    /// <summary>A fresh folder under the fixture's temp root.</summary>
    public string NewFolder()
    {
        var dir = _speaker.NewRun();
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Frame width of the dataset.</summary>
    public int Width => 64;

    /// <summary>Frame height of the dataset.</summary>
    public int Height => 64;

    /// <summary>The dataset's files.</summary>
    public DatasetFiles Files => new(Dataset);

    public void Dispose() => _speaker.Dispose();
}
