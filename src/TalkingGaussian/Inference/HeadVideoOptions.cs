namespace TalkingGaussian.Inference;

/// <summary>What <see cref="HeadVideo.Write"/> writes besides the fused video.</summary>
public sealed record HeadVideoOptions
{
    /// <summary>The fused talking head (H.264, 25 fps, with the driving sound). The others are named after it: NAME_face.mp4, ….</summary>
    public required string Output { get; init; }

    /// <summary>Also NAME_face.mp4: the face branch alone on black.</summary>
    public bool FaceVideo { get; init; }

    /// <summary>Also NAME_mouth.mp4: the inside-mouth branch alone on black.</summary>
    public bool MouthVideo { get; init; }

    /// <summary>Also NAME_side.mp4: the ground truth (left) beside the fused render (right).</summary>
    public TruthFrames? SideBySide { get; init; }

    /// <summary>Also every fused frame as a lossless PNG, FOLDER/0.png, 1.png, … (for <c>tg eval</c> without video coding loss); the folder must be new or empty.</summary>
    public string? PngFolder { get; init; }

    /// <summary>x264 constant rate factor (10 as the released code).</summary>
    public int Crf { get; init; } = 10;

    /// <summary>Called after every frame.</summary>
    public Action<RenderProgress>? Progress { get; init; }

    /// <summary>Render only the first this many frames (0: all).</summary>
    public int MaxFrames { get; init; }
}

/// <summary>What <see cref="HeadVideo.Write"/> wrote.</summary>
/// <param name="Video">The fused video.</param>
/// <param name="Files">Every file or folder written, the fused video first.</param>
/// <param name="Frames">Frames per video.</param>
/// <param name="Seconds">Video duration (frames / 25).</param>
/// <param name="HasSound">Whether the videos carry the driving sound.</param>
/// <param name="Elapsed">Wall time of the whole write.</param>
/// <param name="RenderSeconds">Of that, the model's rendering alone (audio to fused image).</param>
/// <param name="TruthMissing">Side-by-side frames shown black because the ground truth had ended.</param>
public sealed record HeadVideoResult(string Video, IReadOnlyList<string> Files, int Frames, double Seconds, bool HasSound,
    TimeSpan Elapsed, double RenderSeconds, int TruthMissing);
