namespace TalkingGaussian.Preparation;

/// <summary>Settings of <see cref="DatasetPreparer.Prepare"/>.</summary>
public sealed record PreparationOptions
{
    /// <summary>Where the models are (default: <see cref="ModelStore.Default"/>).</summary>
    public ModelStore? Models { get; init; }

    /// <summary>Re-time a video that is not 25 fps to 25 fps with ffmpeg (otherwise such a video is refused with a report).</summary>
    public bool FpsConvert { get; init; }

    /// <summary>Replace an existing output folder (swapped out only once the new one is complete).</summary>
    public bool Overwrite { get; init; }

    /// <summary>Also write the contact sheet <c>preview.png</c> into the dataset.</summary>
    public bool Preview { get; init; }

    /// <summary>Most frames to prepare from the start of the video (0 = all); for quick trials.</summary>
    public int MaxFrames { get; init; }

    /// <summary>Temporal smoothing of the head pose (Gaussian σ in frames; 0 = none).</summary>
    public double PoseSmoothingFrames { get; init; } = 1.5;

    /// <summary>Progress and report lines.</summary>
    public Action<string>? Log { get; init; }
}
