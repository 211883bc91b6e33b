namespace TalkingGaussian.Notebooks;

/// <summary>A problem with what the user gave (a path, a notebook's content): reported as one line, no stack trace.</summary>
internal sealed class NotebookInputException(string message) : Exception(message);
