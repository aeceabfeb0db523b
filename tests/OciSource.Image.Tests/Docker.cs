using System.Diagnostics;
using OciSource.Testing.Processes;

namespace OciSource.Image.Tests;

/// <summary>
/// Runs the <c>docker</c> CLI (and <c>eng/image.sh</c>) with this process's own environment: unlike
/// <see cref="OciSource.Testing.Tools"/>, which gives tools a private HOME, the image build must find the user's cache
/// (<c>~/.cache/ocisource</c>) and NuGet configuration.
/// </summary>
internal static class Docker
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs <c>docker</c> with <paramref name="arguments"/> to completion.</summary>
    /// <exception cref="ToolFailedException">Non-zero exit, or still running after <paramref name="timeout"/> (then killed).</exception>
    public static Task<ToolResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        RunProcessAsync("docker", arguments, timeout ?? DefaultTimeout, cancellationToken);

    /// <summary>Runs any program to completion with this process's environment; the message of a failure quotes its output.</summary>
    /// <exception cref="ToolFailedException">Non-zero exit, or still running after <paramref name="timeout"/> (then killed).</exception>
    public static async Task<ToolResult> RunProcessAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var commandLine = $"{fileName} {string.Join(' ', startInfo.ArgumentList)}";
        using var process = Process.Start(startInfo) ?? throw new ToolFailedException($"could not start {commandLine}");
        process.StandardInput.Close();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
        var stderr = process.StandardError.ReadToEndAsync(limit.Token);
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
                $"{commandLine} exited with {result.ExitCode}\n--- stdout ---\n{Tail(result.StandardOutput)}\n--- stderr ---\n{Tail(result.StandardError)}");
        }

        return result;
    }

    private static string Tail(string text) => text.Length <= 8000 ? text : "…" + text[^8000..];
}
