using k8s;
using k8s.Models;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Testing.Notifications;

namespace OciSource.Controller.Tests;

public sealed partial class OCIRepositoryReconcilerTests
{
    /// <summary>Fail-safe for a receiver that never gets the event (the old controller ignored --events-addr).</summary>
    private static readonly TimeSpan NotificationLimit = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Flux's notify with <c>--events-addr</c>: a new artifact is POSTed to the receiver as a <c>NewArtifact</c> event
    /// with the revision, digest and origin revision metadata and the object's <c>event.toolkit.fluxcd.io/</c>
    /// annotations; the Kubernetes event carries the same annotations.
    /// </summary>
    [Fact]
    public async Task EventsAddr_NewArtifact_IsPostedWithRevisionDigestOriginRevisionAndObjectEventAnnotations()
    {
        await using var receiver = await NotificationReceiver.StartAsync(Ct);
        await using var host = await ControllerHost.StartAsync(kube, Ct, $"--events-addr={receiver.Address}");
        var layer = Path.Combine(_work, "notify.tar.gz");
        await ArtifactContent.WriteTarGzAsync(layer, new Dictionary<string, string> { ["app.yaml"] = "kind: ConfigMap\n" }, Ct);
        await registry.Tools.RunAsync(
            registry.Tools.Oras,
            ["push", $"{Registry.Host}/ctrl/notify:v1", $"{Path.GetFileName(layer)}:{FluxContent}", "--plain-http",
             "--annotation", "org.opencontainers.image.source=https://example.test/org/app",
             "--annotation", "org.opencontainers.image.revision=main@sha1:0123456789abcdef"],
            Ct,
            workingDirectory: _work);
        var obj = new OCIRepository
        {
            Metadata = new V1ObjectMeta
            {
                Name = "notify",
                NamespaceProperty = host.Namespace,
                Annotations = new Dictionary<string, string> { ["event.toolkit.fluxcd.io/team"] = "blue", ["example.test/other"] = "not an event annotation" },
            },
            Spec = Spec("ctrl/notify", new OCIRepositoryRef { Tag = "v1" }),
        };
        await host.Client.CustomObjects.CreateNamespacedCustomObjectAsync(obj, SourceApi.Group, OCIRepository.Version, host.Namespace, SourceApi.Plural, cancellationToken: Ct);

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(NotificationLimit);
        var received = await receiver.NextAsync(limit.Token);
        var ready = await host.WaitAsync("notify", ControllerHost.IsReady, "Ready=True", Ct);

        var artifact = ready.Status!.Artifact!;
        var expected = new Dictionary<string, string>
        {
            ["source.toolkit.fluxcd.io/revision"] = artifact.Revision,
            ["source.toolkit.fluxcd.io/digest"] = artifact.Digest!,
            ["source.toolkit.fluxcd.io/originRevision"] = "main@sha1:0123456789abcdef",
            ["event.toolkit.fluxcd.io/team"] = "blue",
        };
        Assert.Equal(Reasons.NewArtifact, received.Field("reason"));
        Assert.Equal("info", received.Field("severity"));
        Assert.Equal(
            $"stored artifact with revision '{artifact.Revision}' from '{ready.Spec.Url}', origin source 'https://example.test/org/app', origin revision 'main@sha1:0123456789abcdef'",
            received.Field("message"));
        Assert.Equal("source-controller", received.Field("reportingController"));
        Assert.Equal(("OCIRepository", "notify", host.Namespace), (
            received.Body.GetProperty("involvedObject").GetProperty("kind").GetString(),
            received.Body.GetProperty("involvedObject").GetProperty("name").GetString(),
            received.Body.GetProperty("involvedObject").GetProperty("namespace").GetString()));
        Assert.Equal(expected, received.Metadata);
        var written = await WaitForEventAsync("notify", Reasons.NewArtifact, host);
        Assert.Equal(expected, written.Metadata.Annotations);
    }
}
