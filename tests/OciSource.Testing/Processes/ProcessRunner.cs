using System.Diagnostics;

namespace OciSource.Testing.Processes;

/// <summary>Runs a program to completion and collects its output.</summary>
public static class ProcessRunner
{
    /// <summary>
    /// Runs <paramref name="fileName"/> (a path, or a name looked up on PATH) with this process's environment plus
    /// <paramref name="environment"/>, writes <paramref name="standardInput"/> to it, and returns its output.
    /// </summary>
    /// <exception cref="ToolFailedException">Non-zero exit, or still running after <paramref name="timeout"/> (then killed);
    /// the message holds the command line and the output.</exception>
    public static async Task<ToolResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        string? standardInput = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var commandLine = $"{Path.GetFileName(fileName)} {string.Join(' ', startInfo.ArgumentList)}";
        using var process = Process.Start(startInfo) ?? throw new ToolFailedException($"could not start {commandLine}");
        using var record = PidRecord.Create(process, Path.GetFileName(fileName));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
        var stderr = process.StandardError.ReadToEndAsync(limit.Token);
        await process.StandardInput.WriteAsync(standardInput);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new ToolFailedException($"{commandLine} did not finish within {timeout.TotalSeconds:0} s");
        }

        var result = new ToolResult(process.ExitCode, await stdout, await stderr);
        if (result.ExitCode != 0)
        {
            throw new ToolFailedException(
                $"{commandLine} exited with {result.ExitCode}\n--- stdout ---\n{result.StandardOutput}\n--- stderr ---\n{result.StandardError}");
        }

        return result;
    }
}
