namespace TalkingGaussian.Preparation;

/// <summary>A video or folder the preparation cannot use; the message names the file, the problem and the fix.</summary>
public sealed class PreparationException(string message) : Exception(message);
