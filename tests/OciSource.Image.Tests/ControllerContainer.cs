using System.Runtime.Versioning;
using OciSource.Testing;
using OciSource.Testing.Processes;

namespace OciSource.Image.Tests;

/// <summary>
/// The image running detached with <c>--network host</c> (so it reaches the loopback API server), a kubeconfig mounted
/// read-only as <c>$KUBECONFIG</c>, <c>$RUNTIME_NAMESPACE</c>, leader election on, and its three servers on free
/// loopback ports; confined as the Helm chart confines it (read-only root file system with a <c>/tmp</c> of its own, no
/// capabilities, no privilege escalation). Its hostname is unique, so the Lease's holder identity (hostname + random suffix) shows that this
/// container leads. Disposing removes the container and its <c>/data</c> volume.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ControllerContainer : IAsyncDisposable
{
    private readonly string _workDirectory;

    private ControllerContainer(string name, string hostname, string workDirectory, int storagePort, int metricsPort, int healthPort)
    {
        Name = name;
        Hostname = hostname;
        _workDirectory = workDirectory;
        ArtifactAddress = new Uri($"http://127.0.0.1:{storagePort}/");
        MetricsAddress = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
        HealthAddress = new Uri($"http://127.0.0.1:{healthPort}/");
    }

    public string Name { get; }

    /// <summary>The container's hostname, the first part of its leader-election identity.</summary>
    public string Hostname { get; }

    public Uri ArtifactAddress { get; }

    public Uri MetricsAddress { get; }

    /// <summary>Base address of <c>/healthz</c> and <c>/readyz</c>.</summary>
    public Uri HealthAddress { get; }

    /// <exception cref="ToolFailedException"><c>docker run</c> failed.</exception>
    public static async Task<ControllerContainer> StartAsync(string image, string kubeconfigPath, string ns, CancellationToken cancellationToken)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var work = TestEnvironment.CreateWorkDirectory("image");
        // A copy readable by the container's non-root user whatever the umask was when the fixture wrote it.
        var kubeconfig = Path.Combine(work, "kubeconfig");
        File.Copy(kubeconfigPath, kubeconfig);
        File.SetUnixFileMode(kubeconfig, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var container = new ControllerContainer($"ocisource-image-test-{suffix}", $"oci-source-{suffix}", work, FreePort.Next(), FreePort.Next(), FreePort.Next());
        await Docker.RunAsync(
            [
                "run", "--detach", "--name", container.Name, "--hostname", container.Hostname, "--network", "host",
                "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "--volume", $"{kubeconfig}:/etc/oci-source/kubeconfig:ro", "--env", "KUBECONFIG=/etc/oci-source/kubeconfig",
                "--env", $"RUNTIME_NAMESPACE={ns}",
                image,
                "--enable-leader-election", "--watch-all-namespaces=false", "--log-encoding=console",
                $"--storage-addr=127.0.0.1:{container.ArtifactAddress.Port}", $"--metrics-addr=127.0.0.1:{container.MetricsAddress.Port}",
                $"--health-addr=127.0.0.1:{container.HealthAddress.Port}",
            ],
            cancellationToken);
        return container;
    }

    /// <summary>A field of <c>docker inspect</c> (a Go template such as <c>{{.State.Running}}</c>).</summary>
    public async Task<string> InspectAsync(string template, CancellationToken cancellationToken) =>
        (await Docker.RunAsync(["inspect", "--format", template, Name], cancellationToken)).StandardOutput.Trim();

    /// <summary>Whether <paramref name="path"/> exists in the container (<c>docker cp</c> out of it: the image has no shell).</summary>
    public async Task<bool> HasPathAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await Docker.RunAsync(["cp", $"{Name}:{path}", "-"], cancellationToken);
            return true;
        }
        catch (ToolFailedException)
        {
            return false;
        }
    }

    /// <summary>The container's output so far, for failure messages.</summary>
    public async Task<string> LogsAsync()
    {
        try
        {
            var logs = await Docker.RunAsync(["logs", "--tail", "60", Name], CancellationToken.None);
            return $"--- container {Name} log ---\n{logs.StandardOutput}{logs.StandardError}";
        }
        catch (ToolFailedException e)
        {
            return $"--- container {Name}: no log ({e.Message}) ---";
        }
    }

    /// <summary><c>docker stop</c>: SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken) =>
        await Docker.RunAsync(["stop", "--time", ((int)grace.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), Name], cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Docker.RunAsync(["rm", "--force", "--volumes", Name], CancellationToken.None);
        }
        finally
        {
            TestEnvironment.DeleteWorkDirectory(_workDirectory);
        }
    }
}
