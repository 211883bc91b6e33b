using TalkingGaussian.Compute;
using TalkingGaussian.Data;
using TalkingGaussian.Motion;
using TalkingGaussian.Rendering;
using TalkingGaussian.Training.Losses;
using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Training;

/// <summary>
/// What every stage of a run shares: the settings, the dataset, the device and the implementations behind the seams
/// (rasterizer, motion-field backend, photometric loss, optional perceptual loss).
/// </summary>
public sealed class TrainingContext : IDisposable
{
    /// <summary>Creates a context; the loss and the factories default to the fastest implementations for <paramref name="device"/>.</summary>
    public TrainingContext(TrainingSettings settings, TalkingDataset dataset, ComputeDevice device, IPerceptualLoss? perceptual = null,
        Func<IGaussianRasterizer>? rasterizers = null, MotionBackendKind motionBackend = MotionBackendKind.Auto, IPhotometricLoss? photometric = null)
    {
        Settings = settings;
        Dataset = dataset;
        Device = device;
        Perceptual = perceptual is null ? null : new PerceptualTerms(perceptual);
        Rasterizers = rasterizers ?? (() => Rendering.Rasterizers.Create(device));
        MotionBackend = motionBackend;
        Photometric = photometric ?? PhotometricLosses.Create(device);
        Extent = CameraExtent.Of(dataset.Train.Frames.Select(f => f.Camera));
    }

    /// <summary>The resolved settings.</summary>
    public TrainingSettings Settings { get; }

    /// <summary>The dataset.</summary>
    public TalkingDataset Dataset { get; }

    /// <summary>The device kernels run on.</summary>
    public ComputeDevice Device { get; }

    /// <summary>L1 + λ·D-SSIM.</summary>
    public IPhotometricLoss Photometric { get; }

    /// <summary>The LPIPS terms, or null when no perceptual loss is available (the run says so in its settings and log).</summary>
    public PerceptualTerms? Perceptual { get; }

    /// <summary>Makes a rasterizer (one per concurrent render).</summary>
    public Func<IGaussianRasterizer> Rasterizers { get; }

    /// <summary>Which motion-field implementation runs.</summary>
    public MotionBackendKind MotionBackend { get; }

    /// <summary>Camera extent E of the train split.</summary>
    public float Extent { get; }

    /// <summary>Frame width.</summary>
    public int Width => Dataset.Width;

    /// <summary>Frame height.</summary>
    public int Height => Dataset.Height;

    /// <summary>The branch stages' background colour.</summary>
    public (float R, float G, float B) Background => (Settings.TrainingBackground[0], Settings.TrainingBackground[1], Settings.TrainingBackground[2]);

    /// <summary>A seed for one purpose, derived from the run's seed so that streams do not overlap.</summary>
    public int SeedFor(string purpose)
    {
        unchecked
        {
            int h = Settings.Seed * 16777619;
            foreach (char c in purpose) h = (h ^ c) * 16777619;
            return h;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Photometric.Dispose();
}
