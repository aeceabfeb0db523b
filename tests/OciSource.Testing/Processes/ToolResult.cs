namespace OciSource.Testing.Processes;

/// <summary>What a finished tool invocation printed.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);
