namespace OciSource.Testing.Processes;

/// <summary>A fixture's process exited or did not become ready; the message carries the tail of its log.</summary>
public sealed class ProcessStartFailedException(string message) : Exception(message);
