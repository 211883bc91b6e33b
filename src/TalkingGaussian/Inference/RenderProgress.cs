namespace TalkingGaussian.Inference;

/// <summary>How far a render has come: <paramref name="Done"/> of <paramref name="Total"/> frames after <paramref name="Elapsed"/>.</summary>
public readonly record struct RenderProgress(int Done, int Total, TimeSpan Elapsed)
{
    /// <summary>Frames per second so far.</summary>
    public double FramesPerSecond => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;

    /// <summary>Estimated time to the last frame at the rate so far.</summary>
    public TimeSpan Remaining => Done == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Elapsed.TotalSeconds / Done * (Total - Done));
}
