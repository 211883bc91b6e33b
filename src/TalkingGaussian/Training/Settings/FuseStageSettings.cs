namespace TalkingGaussian.Training.Settings;

/// <summary>
/// The fusion fine-tuning stage (paper §3.4, Eq. 8 and 11; released <c>train_fuse.py</c>, original-code.md §5.3): both
/// branches rendered, the face over the mouth over the torso-and-background plate, compared with the whole frame. Motion
/// fields and geometry are frozen and there is no densification; colours train.
/// </summary>
public sealed record FuseStageSettings
{
    /// <summary>Iterations (released 10,000).</summary>
    public int Iterations { get; init; } = 10_000;

    /// <summary>After this fraction the patch LPIPS term is added (5,000 / 10,000).</summary>
    public float LpipsFromFraction { get; init; } = 0.5f;

    /// <summary>Weight of the mean patch LPIPS (0.5).</summary>
    public float PatchLpipsWeight { get; init; } = 0.5f;

    /// <summary>Smallest patch size (32).</summary>
    public int PatchSizeMin { get; init; } = 32;

    /// <summary>Largest patch size (42).</summary>
    public int PatchSizeMax { get; init; } = 42;

    /// <summary>
    /// Also train the face branch's opacity (true, as released: its optimiser state is restored with the face stage's rate);
    /// false trains colours only, as the paper says.
    /// </summary>
    public bool TrainFaceOpacity { get; init; } = true;
}
