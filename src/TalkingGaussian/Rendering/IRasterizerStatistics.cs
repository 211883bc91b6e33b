namespace TalkingGaussian.Rendering;

/// <summary>What a fast rasterizer reports about its last forward pass (the benchmark and the tests read it).</summary>
public interface IRasterizerStatistics
{
    /// <summary>(pixel, Gaussian) alpha evaluations of the last forward pass, counted as the reference counts them.</summary>
    long LastForwardEvaluations { get; }

    /// <summary>(tile, Gaussian) pairs of the last forward pass.</summary>
    int LastPairCount { get; }

    /// <summary>Milliseconds of the last forward pass's stages.</summary>
    ForwardStageTimes StageTimes { get; }
}
