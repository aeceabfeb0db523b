using OciSource.Testing.Processes;

namespace OciSource.Image.Tests;

/// <summary>The <c>docker</c> CLI from PATH, run with this process's environment (root, as the tests run).</summary>
internal static class Docker
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs <c>docker</c> with <paramref name="arguments"/> to completion.</summary>
    /// <exception cref="ToolFailedException">Non-zero exit, or still running after two minutes (then killed).</exception>
    public static Task<ToolResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync("docker", arguments, DefaultTimeout, cancellationToken);
}
