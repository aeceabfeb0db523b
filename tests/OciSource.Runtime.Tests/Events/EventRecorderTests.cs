using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using OciSource.Runtime.Events;
using OciSource.Runtime.Metrics;
using OciSource.Runtime.Tests.Support;
using OciSource.Testing.Kube;

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
