using OciSource.Testing;
using OciSource.Testing.Processes;

namespace OciSource.Controller.Tests;

/// <summary>
/// Issue 13 point 12: the real controller process started on a store it cannot write (a read-only bind mount) exits
/// with the documented code and one line that names the path and the cause, not a stack trace. Needs root (mount).
/// </summary>
public sealed class ReadOnlyStoreStartTests : IAsyncLifetime
{
    /// <summary>Program.cs: the exit code when the store cannot be used at start.</summary>
    private const int StorageUnusableExitCode = 4;

    private readonly string _work = TestEnvironment.CreateWorkDirectory("rostore");
    private bool _mounted;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Store => Path.Combine(_work, "store");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData(false, ControllerBuild.Jit)]
    [InlineData(true, ControllerBuild.Jit)]
    [InlineData(false, ControllerBuild.Aot)]
    [InlineData(true, ControllerBuild.Aot)]
    public async Task ReadOnlyStore_ExitsWithTheStorageCodeAndOneLineNamingPathAndCause(bool populated, ControllerBuild build)
    {
        var executable = ControllerExecutable.For(build);
        Assert.SkipUnless(Environment.UserName == "root", "a read-only bind mount needs root (mount --bind); this test runs as " + Environment.UserName);
        Directory.CreateDirectory(Store);
        if (populated)
        {
            // What an earlier run leaves: the blob directory and the temporary area already exist.
            Directory.CreateDirectory(Path.Combine(Store, "blobs", "sha256"));
            Directory.CreateDirectory(Path.Combine(Store, ".tmp"));
        }

        await MountReadOnlyAsync();
        var kubeconfig = Path.Combine(_work, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, Kubeconfig, Ct);

        var result = await RunAsync(executable, kubeconfig);

        Assert.True(result.ExitCode == StorageUnusableExitCode, $"exit code {result.ExitCode}, expected {StorageUnusableExitCode}\n{result.Output}");
        var line = Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("oci-source-controller: ", line, StringComparison.Ordinal);
        Assert.Contains(Store, line, StringComparison.Ordinal);
        Assert.Contains("Read-only file system", line, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_mounted)
        {
            await ProcessRunner.RunAsync("umount", [Store], TimeSpan.FromSeconds(30), CancellationToken.None);
        }

        TestEnvironment.DeleteWorkDirectory(_work);
    }

    private const string Kubeconfig = """
        apiVersion: v1
        kind: Config
        clusters:
          - name: unused
            cluster:
              server: https://127.0.0.1:1
        users:
          - name: unused
            user:
              token: unused
        contexts:
          - name: unused
            context:
              cluster: unused
              user: unused
        current-context: unused

        """;

    private async Task MountReadOnlyAsync()
    {
        await ProcessRunner.RunAsync("mount", ["--bind", Store, Store], TimeSpan.FromSeconds(30), Ct);
        _mounted = true;
        await ProcessRunner.RunAsync("mount", ["-o", "remount,bind,ro", Store], TimeSpan.FromSeconds(30), Ct);
    }

    /// <summary>Runs the controller to its exit; returns the exit code and everything it printed (stdout and stderr).</summary>
    private async Task<(int ExitCode, string Output)> RunAsync(string executable, string kubeconfig)
    {
        await using var controller = ManagedProcess.Start(
            "controller",
            executable,
            [$"--storage-path={Store}", "--health-addr=127.0.0.1:0", "--metrics-addr=127.0.0.1:0", "--storage-addr=127.0.0.1:0"],
            _work,
            new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig, ["KUBERNETES_SERVICE_HOST"] = string.Empty });
        var exitCode = await controller.WaitForExitAsync(Ct);
        return (exitCode, await File.ReadAllTextAsync(controller.LogPath, Ct));
    }
}
