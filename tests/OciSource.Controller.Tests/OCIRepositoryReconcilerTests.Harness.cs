using System.Net;
using System.Net.Sockets;
using OciSource.Api.V1;
using OciSource.Testing.Processes;

namespace OciSource.Controller.Tests;

public sealed partial class OCIRepositoryReconcilerTests
{
    /// <summary>
    /// The harness itself. A port <see cref="FreePort"/> found free can be taken by another process (or a loopback
    /// server the test starts) before the controller's artifact server binds it; the controller then stops, and a test
    /// waiting for Ready used to wait out its whole limit on a dead controller (seen once in CI under load). Starting
    /// returns only once the artifact server listens, on another port when the first was taken.
    /// </summary>
    [Fact]
    public async Task ArtifactPortTakenBeforeTheServerBinds_TheControllerStartsOnAnotherPortAndReconciles()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var ports = new Queue<int>([takenPort]);
        await using var host = await ControllerHost.StartAsync(kube, null, () => ports.TryDequeue(out var port) ? port : FreePort.Next(), Ct);

        Assert.NotEqual(takenPort, host.ArtifactBase.Port);
        await PushManifestsAsync("ctrl/harness", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        await host.ApplyAsync("harness", Spec("ctrl/harness", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var ready = await host.WaitAsync("harness", ControllerHost.IsReady, "Ready=True", Ct);
        Assert.Equal(ready.Status!.Artifact!.Digest, ArtifactContent.Sha256(await Http.GetByteArrayAsync(new Uri(ready.Status.Artifact.Url), Ct)));
    }
}
