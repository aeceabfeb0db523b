using System.Diagnostics;

namespace OciSource.Benchmarks;

/// <summary>Runs a short-lived command and collects what it printed.</summary>
internal static class ProcessOutput
{
    /// <summary>Runs <paramref name="fileName"/> to its end; returns its exit code and standard output followed by standard error.</summary>
    public static async Task<(int ExitCode, string Output)> RunWithExitCodeAsync(string fileName, IEnumerable<string> arguments, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Like <see cref="RunWithExitCodeAsync"/>, for commands whose exit code does not matter (version banners, <c>uptime</c>).</summary>
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken ct) =>
        (await RunWithExitCodeAsync(fileName, arguments, ct)).Output;
}
