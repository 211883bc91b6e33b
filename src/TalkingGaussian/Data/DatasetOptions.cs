namespace TalkingGaussian.Data;

/// <summary>How a dataset is opened.</summary>
public sealed record DatasetOptions
{
    /// <summary>Which audio feature file to read (the original's <c>--audio_extractor</c>). Default DeepSpeech (<c>aud_ds.npy</c>).</summary>
    public AudioExtractor AudioExtractor { get; init; } = AudioExtractor.DeepSpeech;

    /// <summary>RAM budget of the decoded-frame cache in bytes. Default 2 GB (2·10⁹ bytes).</summary>
    public long CacheBudgetBytes { get; init; } = FrameCache.DefaultBudgetBytes;

    /// <summary>Frames decoded ahead on a background thread. Default 4.</summary>
    public int PrefetchDepth { get; init; } = 4;

    /// <summary>Run <see cref="DatasetValidator"/> first and refuse a dataset with problems. Default true.</summary>
    public bool Validate { get; init; } = true;
}
