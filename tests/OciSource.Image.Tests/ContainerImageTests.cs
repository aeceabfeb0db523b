using System.Net;
using System.Runtime.Versioning;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using OciSource.Testing.Kube;

namespace OciSource.Image.Tests;

/// <summary>
/// The image that the top-level Dockerfile builds (through eng/image.sh): its configuration, and the container started
/// against the real API server fixture until it leads and answers its probes, then stopped cleanly.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ContainerImageTests(ImageFixture image, KubeApiFixture kube) : IClassFixture<ImageFixture>, IClassFixture<KubeApiFixture>
{
    private const string LeaseName = "source-controller-leader-election";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Image_RunsTheControllerAsNumericNonRootUser_WithDataVolumeAndPorts_WithoutHealthcheck()
    {
        var ct = TestContext.Current.CancellationToken;
        var inspect = await Docker.RunAsync(["image", "inspect", "--format", "{{json .Config}}", image.Image], ct);
        using var config = JsonDocument.Parse(inspect.StandardOutput);
        var root = config.RootElement;

        var user = root.GetProperty("User").GetString() ?? string.Empty;
        var uid = user.Split(':')[0];
        Assert.True(int.TryParse(uid, System.Globalization.CultureInfo.InvariantCulture, out var numericUid) && numericUid != 0, $"User is \"{user}\", not a numeric non-root uid");
        Assert.Equal(["/app/oci-source-controller"], root.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["/data"], root.GetProperty("Volumes").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["8080/tcp", "9090/tcp", "9440/tcp"], root.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name).Order());
        Assert.False(root.TryGetProperty("Healthcheck", out var healthcheck) && healthcheck.ValueKind != JsonValueKind.Null, "the image declares a HEALTHCHECK");
    }

    [Fact]
    public async Task Container_WithLeaderElection_LeadsAnswersProbesAndReleasesTheLeaseOnStop()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await kube.CreateNamespaceAsync("image", ct);
        using var client = kube.CreateClient();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await using var container = await ControllerContainer.StartAsync(image.Image, kube.KubeconfigPath, ns, ct);

        var holder = await WaitForLeaseHolderAsync(client, ns, container, ct);
        Assert.StartsWith(container.Hostname + "_", holder, StringComparison.Ordinal);
        await WaitAsync(async () => await StatusAsync(http, new Uri(container.HealthAddress, "healthz"), ct) == HttpStatusCode.OK, "/healthz answered 200", container, ct);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, new Uri(container.HealthAddress, "readyz"), ct));
        var metrics = await http.GetStringAsync(container.MetricsAddress, ct);
        Assert.Contains($"leader_election_master_status{{name=\"{LeaseName}\"}} 1", metrics, StringComparison.Ordinal);

        // The process runs as the image's non-root user (read from the host's /proc: the image has no shell), and it
        // created its store in the /data volume although the root file system is read-only.
        var pid = await container.InspectAsync("{{.State.Pid}}", ct);
        var uidLine = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        Assert.DoesNotContain(uidLine.Split('\t', StringSplitOptions.RemoveEmptyEntries).Skip(1), id => id == "0");
        Assert.True(await container.HasPathAsync("/data/blobs", ct), "no blobs directory in the /data volume");

        // SIGTERM (as the kubelet sends it): a clean stop, exit code 0, and the Lease released for a successor.
        await container.StopAsync(TimeSpan.FromSeconds(30), ct);
        var exitCode = await container.InspectAsync("{{.State.ExitCode}}", ct);
        Assert.True(exitCode == "0", $"the controller exited with {exitCode} after SIGTERM\n{await container.LogsAsync()}");
        var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, ns, cancellationToken: ct);
        Assert.True(string.IsNullOrEmpty(lease.Spec.HolderIdentity), $"the Lease is still held by {lease.Spec.HolderIdentity}\n{await container.LogsAsync()}");
    }

    private async Task<string> WaitForLeaseHolderAsync(Kubernetes client, string ns, ControllerContainer container, CancellationToken ct)
    {
        string? holder = null;
        await WaitAsync(
            async () =>
            {
                try
                {
                    var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, ns, cancellationToken: ct);
                    holder = lease.Spec?.HolderIdentity;
                    return !string.IsNullOrEmpty(holder);
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }
            },
            $"the Lease {LeaseName} named a holder",
            container,
            ct);
        return holder!;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, Uri address, CancellationToken ct)
    {
        using var response = await http.GetAsync(address, ct);
        return response.StatusCode;
    }

    /// <summary>Polls <paramref name="done"/> every 250 ms; fails with the container's log when it stops or time runs out.</summary>
    private async Task WaitAsync(Func<Task<bool>> done, string what, ControllerContainer container, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                if (await done())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // Not listening yet, or not answering yet.
            }

            if (await container.InspectAsync("{{.State.Running}}", ct) != "true")
            {
                Assert.Fail($"the container exited before {what}\n{await container.LogsAsync()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{what} did not happen within {StartTimeout.TotalSeconds:0} s\n{await container.LogsAsync()}\n{kube.Logs()}");
            }

            await Task.Delay(250, ct);
        }
    }
}
