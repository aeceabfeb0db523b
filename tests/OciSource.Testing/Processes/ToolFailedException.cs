namespace OciSource.Testing.Processes;

/// <summary>A tool exited non-zero or ran past its time limit; the message holds the command line and its output.</summary>
public sealed class ToolFailedException(string message) : Exception(message);
