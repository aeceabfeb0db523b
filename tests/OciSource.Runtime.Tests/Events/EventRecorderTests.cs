using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using OciSource.Runtime.Events;
using OciSource.Runtime.Metrics;
using OciSource.Runtime.Tests.Support;
using OciSource.Testing.Kube;
using OciSource.Testing.Notifications;

namespace OciSource.Runtime.Tests.Events;

[Collection(KubeApiCollection.Name)]
public sealed class EventRecorderTests(KubeApiFixture fixture) : IDisposable
{
    private readonly Kubernetes _client = fixture.CreateClient();

    [Fact]
    public async Task Record_RepeatedEvent_WritesOneEventsV1EventWithASeries()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("events", ct);
        var regarding = Regarding(ns, "app");
        await using (var recorder = new EventRecorder(_client, "source-controller", "pod-1", TimeProvider.System, NullLogger.Instance))
        {
            recorder.Record(regarding, "Warning", "OCIArtifactPullFailed", "reconcile", "pull failed");
            recorder.Record(regarding, "Warning", "OCIArtifactPullFailed", "reconcile", "pull failed");
            recorder.Record(regarding, "Warning", "OCIArtifactPullFailed", "reconcile", "pull failed");
            recorder.Record(regarding, "Normal", "NewArtifact", "reconcile", "stored artifact");
        }

        var events = (await _client.EventsV1.ListNamespacedEventAsync(ns, cancellationToken: ct)).Items;
        Assert.Equal(2, events.Count);
        var failed = Assert.Single(events, e => e.Reason == "OCIArtifactPullFailed");
        Assert.Equal(3, failed.Series?.Count);
        Assert.Equal(("source-controller", "pod-1", "Warning", "pull failed"), (failed.ReportingController, failed.ReportingInstance, failed.Type, failed.Note));
        Assert.Equal(("OCIRepository", "app", ns), (failed.Regarding.Kind, failed.Regarding.Name, failed.Regarding.NamespaceProperty));
        Assert.Null(Assert.Single(events, e => e.Reason == "NewArtifact").Series);
    }

    [Fact]
    public async Task Record_TraceEvent_IsWrittenToKubernetesAsNormal()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("events", ct);
        await using (var recorder = new EventRecorder(_client, "source-controller", "pod-1", TimeProvider.System, NullLogger.Instance))
        {
            recorder.Record(Regarding(ns, "app"), EventType.Trace, "ArtifactUpToDate", "reconcile", "artifact up-to-date");
        }

        var written = Assert.Single((await _client.EventsV1.ListNamespacedEventAsync(ns, cancellationToken: ct)).Items);
        Assert.Equal(("Normal", "ArtifactUpToDate"), (written.Type, written.Reason));
    }

    [Fact]
    public async Task Record_BufferFull_DropsAndCountsInsteadOfBlocking()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("events", ct);
        var metrics = RuntimeMetrics.CreateIsolated();
        await using var recorder = new EventRecorder(_client, "source-controller", "pod-1", TimeProvider.System, NullLogger.Instance, metrics, capacity: 2);

        for (var i = 0; i < 200; i++)
        {
            recorder.Record(Regarding(ns, $"app{i}"), "Normal", "Succeeded", "reconcile", $"event {i}");
        }

        Assert.True(recorder.Dropped > 0);
        Assert.Equal(recorder.Dropped, metrics.EventsDropped.WithLabels("buffer_full").Value);
    }

    /// <summary>
    /// Flux's recorder (AnnotatedEventf): the event's annotations plus the object's <c>event.toolkit.fluxcd.io/</c>
    /// annotations go on the Kubernetes event and into the forwarded event's metadata; other object annotations do
    /// not; Trace events are written to Kubernetes (as Normal, with the annotations) but not forwarded.
    /// </summary>
    [Fact]
    public async Task Record_AnnotatedEventOfAnObject_CarriesItsEventAnnotationsToKubernetesAndTheReceiverTraceOnlyToKubernetes()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("events", ct);
        await using var receiver = await NotificationReceiver.StartAsync(ct);
        var obj = TestOciRepository.New(ns, "app");
        obj.Metadata.Uid = "uid-app";
        obj.Metadata.ResourceVersion = "42";
        obj.Metadata.Annotations = new Dictionary<string, string>
        {
            ["event.toolkit.fluxcd.io/team"] = "blue",
            ["reconcile.fluxcd.io/requestedAt"] = "now",
        };
        var annotations = new Dictionary<string, string> { ["source.toolkit.fluxcd.io/revision"] = "v1@sha256:aa", ["source.toolkit.fluxcd.io/digest"] = "sha256:bb" };
        var expected = new Dictionary<string, string>(annotations)
        {
            ["event.toolkit.fluxcd.io/team"] = "blue",
        };
        var forwarder = new EventForwarder(receiver.Address, "source-controller", "pod-1", TimeProvider.System, NullLogger.Instance);
        await using (var recorder = new EventRecorder(_client, "source-controller", "pod-1", TimeProvider.System, NullLogger.Instance, forwarder: forwarder))
        {
            recorder.Record(obj, EventType.Trace, "ArtifactUpToDate", "reconcile", "artifact up-to-date");
            recorder.Record(obj, EventType.Normal, "NewArtifact", "reconcile", "stored artifact", annotations);

            // One sender, in order: a forwarded Trace event would arrive first.
            var received = await receiver.NextAsync(ct);
            Assert.Equal("NewArtifact", received.Field("reason"));
            Assert.Equal(expected, received.Metadata);
            Assert.Equal(("OCIRepository", "app", ns, "uid-app", "42"), (
                received.Body.GetProperty("involvedObject").GetProperty("kind").GetString(),
                received.Body.GetProperty("involvedObject").GetProperty("name").GetString(),
                received.Body.GetProperty("involvedObject").GetProperty("namespace").GetString(),
                received.Body.GetProperty("involvedObject").GetProperty("uid").GetString(),
                received.Body.GetProperty("involvedObject").GetProperty("resourceVersion").GetString()));
        }

        var events = (await _client.EventsV1.ListNamespacedEventAsync(ns, cancellationToken: ct)).Items;
        var written = Assert.Single(events, e => e.Reason == "NewArtifact");
        Assert.Equal(expected, written.Metadata.Annotations);
        var trace = Assert.Single(events, e => e.Reason == "ArtifactUpToDate");
        Assert.Equal("Normal", trace.Type);
        Assert.Equal(
            new Dictionary<string, string> { ["event.toolkit.fluxcd.io/team"] = "blue" },
            trace.Metadata.Annotations);
        Assert.False(receiver.HasPending);
    }

    public void Dispose() => _client.Dispose();

    private static V1ObjectReference Regarding(string ns, string name) => new()
    {
        ApiVersion = TestOciRepository.Resource.ApiVersion,
        Kind = "OCIRepository",
        Name = name,
        NamespaceProperty = ns,
        Uid = $"uid-{name}",
    };
}
