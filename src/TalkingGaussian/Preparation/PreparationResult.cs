namespace TalkingGaussian.Preparation;

/// <summary>What <see cref="DatasetPreparer.Prepare"/> wrote: the dataset folder, its frame count, each stage's seconds (0 when skipped on resume) and the notes to read.</summary>
public sealed record PreparationResult(string Folder, int Frames, IReadOnlyList<(string Stage, double Seconds, bool Resumed)> Stages, IReadOnlyList<string> Notes, string? Preview);
