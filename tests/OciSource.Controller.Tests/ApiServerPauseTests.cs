using OciSource.Testing;
using OciSource.Testing.Kube;
using OciSource.Testing.Processes;

namespace OciSource.Controller.Tests;

/// <summary>
/// Issue 13 point 13: an API server that stops answering (SIGSTOP: the kernel still accepts connections, nothing
/// replies — a server that drops packets rather than refusing them). The real controller process keeps trying to
/// acquire the Lease through client timeouts, acquires it once the server answers again, and when the server stops
/// answering while it leads it exits with the documented "leadership lost" code, never 0.
/// </summary>
[Collection(ControllerCollection.Name)]
public sealed class ApiServerPauseTests(KubeApiFixture kube) : IAsyncDisposable
{
    /// <summary>Program.cs: the exit code after leadership was lost (the API server did not answer within the renew deadline).</summary>
    private const int LeadershipLostExitCode = 3;

    private readonly string _work = TestEnvironment.CreateWorkDirectory("apipause");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ControllerBuild.Jit)]
    [InlineData(ControllerBuild.Aot)]
    public async Task PausedApiServer_LeaseAcquireRetriesThroughTimeouts_AndLosingItExitsWithTheLeadershipLostCode(ControllerBuild build)
    {
        var executable = ControllerExecutable.For(build);
        Assert.SkipWhen(kube.IsExternalCluster, "pausing the API server needs the local one");
        var ns = await kube.CreateNamespaceAsync("apipause", Ct);
        var paused = await kube.PauseApiServerAsync(Ct);
        try
        {
            await using var controller = ManagedProcess.Start(
                "controller",
                executable,
                [
                    "--watch-all-namespaces=false", "--log-encoding=console", "--log-level=debug", $"--storage-path={Path.Combine(_work, "store")}",
                    $"--storage-addr=127.0.0.1:{FreePort.Next()}", $"--health-addr=127.0.0.1:{FreePort.Next()}", $"--metrics-addr=127.0.0.1:{FreePort.Next()}",
                    "--enable-leader-election", "--leader-election-lease-duration=6s", "--leader-election-renew-deadline=4s", "--leader-election-retry-period=1s",
                ],
                _work,
                new Dictionary<string, string> { ["KUBECONFIG"] = kube.KubeconfigPath, ["RUNTIME_NAMESPACE"] = ns });

            // Two failed attempts: the first timed out and the loop went on to another.
            await controller.WaitForLineAsync($"lease {ns}/source-controller-leader-election attempt failed", Ct, occurrences: 2);
            await paused.DisposeAsync();
            await controller.WaitForLineAsync($"successfully acquired lease {ns}/source-controller-leader-election", Ct);

            paused = await kube.PauseApiServerAsync(Ct);
            var exitCode = await controller.WaitForExitAsync(Ct);

            Assert.True(exitCode == LeadershipLostExitCode, $"exit code {exitCode}, expected {LeadershipLostExitCode}\n{controller.Tail()}");
            await controller.WaitForLineAsync($"leader election lost: lease {ns}/source-controller-leader-election not renewed within the renew deadline", Ct);
        }
        finally
        {
            await paused.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync()
    {
        TestEnvironment.DeleteWorkDirectory(_work);
        return ValueTask.CompletedTask;
    }
}
