using TalkingGaussian.Data;
using TalkingGaussian.Training;
using TalkingGaussian.Tests.Training;

namespace TalkingGaussian.Tests.Inference;

/// <summary>
/// The tiny synthetic speaker of the trainer tests (64×64, 22 frames) and one run trained on it with their settings; but
/// the face stage never prunes oversized Gaussians and the mouth stage never densifies (nor prunes): in so short a run
/// those prunes remove every Gaussian of a branch (all are still large, or still faint), and the inference tests need
/// both branches. Made once per test process, on first use, and shared by every class that takes this fixture (the
/// training is the expensive part); its folder is deleted when the process exits.
/// </summary>
public sealed class TrainedSpeakerFixture
{
    private static readonly Lazy<Trained> Shared = new(() => new Trained());
    private readonly Trained _trained = Shared.Value;

    /// <summary>The dataset folder.</summary>
    public string Dataset => _trained.Speaker.Folder;

    /// <summary>The finished run (model/, eval.json).</summary>
    public TrainingRun Run => _trained.Run;

    /// <summary>What the trainer scored on the val frames (eval.json).</summary>
    public HeldOutEvaluation Evaluation => _trained.Evaluation;

    /// <summary>Frame width of the dataset.</summary>
    public int Width => 64;

    /// <summary>Frame height of the dataset.</summary>
    public int Height => 64;

    /// <summary>The dataset's files.</summary>
    public DatasetFiles Files => new(Dataset);

    /// <summary>A fresh folder under the fixture's temp root.</summary>
    public string NewFolder()
    {
        var dir = _trained.Speaker.NewRun();
        Directory.CreateDirectory(dir);
        return dir;
    }

    private sealed class Trained
    {
        public Trained()
        {
            Speaker = new TinySpeakerFixture();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Speaker.Dispose();
            Run = new TrainingRun(Speaker.NewRun());
            using var dataset = Speaker.Open();
            var tiny = TinySpeakerFixture.Settings;
            var settings = tiny with
            {
                Face = tiny.Face with { Densification = tiny.Face.Densification with { SizePruneFromFraction = 1f } },
                Mouth = tiny.Mouth with { Densification = tiny.Mouth.Densification with { Interval = 1000 } },
            };
            using var context = new TrainingContext(settings, dataset, TestDevices.Cpu);
            Evaluation = new Trainer(context, Run).Run(null, CancellationToken.None).Evaluation!;
        }

        public TinySpeakerFixture Speaker { get; }

        public TrainingRun Run { get; }

        public HeldOutEvaluation Evaluation { get; }
    }
}
