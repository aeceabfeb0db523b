using Microsoft.Extensions.Logging.Abstractions;
using OciSource.Runtime.Controller;
using OciSource.Runtime.Informer;
using OciSource.Runtime.Metrics;
using OciSource.Runtime.Tests.Support;
using OciSource.Testing.Kube;

namespace OciSource.Runtime.Tests.Controller;

[Collection(KubeApiCollection.Name)]
public sealed class ControllerTests(KubeApiFixture fixture) : IDisposable
{
    private readonly k8s.Kubernetes _client = fixture.CreateClient();

    [Fact]
    public async Task Run_CreateSpecChangeRequestAndDelete_ReachTheReconcilerButStatusChangesDoNot()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("ctl", ct);
        var reconciler = new RecordingReconciler();
        var metrics = RuntimeMetrics.CreateIsolated();
        await using var running = Run(ns, reconciler, metrics);

        await Objects.CreateAsync(_client, TestOciRepository.New(ns, "app"), ct);
        await Objects.EventuallyAsync(() => reconciler.CallsFor("app") == 1, "the create was reconciled", ct);

        await Objects.PatchStatusAsync(_client, ns, "app", "{\"status\":{\"observedGeneration\":1}}", ct);
        await Objects.PatchAsync(_client, ns, "app", "{\"metadata\":{\"labels\":{\"unrelated\":\"x\"}}}", ct);
        // The informer hands events to its handlers one at a time, in the watch's order: once a later object's create
        // has been queued and reconciled, the handlers of both updates have run, and anything they queued was counted.
        await Objects.CreateAsync(_client, TestOciRepository.New(ns, "marker"), ct);
        await Objects.EventuallyAsync(() => reconciler.CallsFor("marker") == 1, "a later object was reconciled", ct);
        Assert.Equal(2, metrics.QueueAdds.WithLabels("test").Value);
        Assert.Equal(1, reconciler.CallsFor("app"));
        await Objects.PatchAsync(_client, ns, "app", "{\"spec\":{\"interval\":\"2m\"}}", ct);
        await Objects.EventuallyAsync(() => reconciler.CallsFor("app") == 2, "the spec change was reconciled", ct);

        await Objects.PatchAsync(_client, ns, "app", "{\"metadata\":{\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\"2025-01-01T00:00:00Z\"}}}", ct);
        await Objects.EventuallyAsync(() => reconciler.CallsFor("app") == 3, "the requested reconcile ran", ct);

        await Objects.DeleteAsync(_client, ns, "app", ct);
        await Objects.EventuallyAsync(() => reconciler.CallsFor("app") == 4, "the delete was reconciled", ct);
        Assert.Null(running.Informer.Get(new ReconcileRequest(ns, "app")));
    }

    [Fact]
    public async Task Run_ReconcilerThrows_RetriesWithBackoffUntilSuccessAndCountsErrorsAndPanics()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("ctl", ct);
        var metrics = RuntimeMetrics.CreateIsolated();
        var reconciler = new RecordingReconciler
        {
            Behaviour = (_, attempt) => attempt switch
            {
                1 => throw new IOException("registry unreachable"),
                2 => Bug(),
                _ => ReconcileResult.Done,
            },
        };
        await using var running = Run(ns, reconciler, metrics);

        await Objects.CreateAsync(_client, TestOciRepository.New(ns, "flaky"), ct);

        await Objects.EventuallyAsync(() => reconciler.CallsFor("flaky") == 3, "the third attempt ran", ct);
        Assert.Equal(2, metrics.ReconcileErrors.WithLabels("test").Value);
        Assert.Equal(1, metrics.ReconcilePanics.WithLabels("test").Value);
        Assert.Equal(2, metrics.ReconcileTotal.WithLabels("test", "error").Value);
        await Objects.EventuallyAsync(() => metrics.ReconcileTotal.WithLabels("test", "success").Value == 1, "the success was counted", ct);
        Assert.Equal(0, running.Controller.Queue.NumRequeues(new ReconcileRequest(ns, "flaky")));
    }

    [Fact]
    public async Task Run_RequeueAfter_ReconcilesAgainWithoutAnEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("ctl", ct);
        var reconciler = new RecordingReconciler { Behaviour = (_, attempt) => attempt < 3 ? ReconcileResult.After(TimeSpan.FromMilliseconds(50)) : ReconcileResult.Done };
        var metrics = RuntimeMetrics.CreateIsolated();
        await using var running = Run(ns, reconciler, metrics);

        await Objects.CreateAsync(_client, TestOciRepository.New(ns, "periodic"), ct);

        await Objects.EventuallyAsync(() => reconciler.CallsFor("periodic") == 3, "two requeues ran", ct);
        Assert.Equal(2, metrics.ReconcileTotal.WithLabels("test", "requeue_after").Value);
    }

    [Fact]
    public async Task Run_ManyUpdatesOfOneObject_NeverReconcileItConcurrently()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("ctl", ct);
        var reconciler = new RecordingReconciler { Hold = TimeSpan.FromMilliseconds(30) };
        await using var running = Run(ns, reconciler, RuntimeMetrics.CreateIsolated(), concurrency: 4);
        await Objects.CreateAsync(_client, TestOciRepository.New(ns, "busy"), ct);

        for (var i = 1; i <= 10; i++)
        {
            await Objects.PatchAsync(_client, ns, "busy", $"{{\"spec\":{{\"interval\":\"{i}m\"}}}}", ct);
            if (i == 5)
            {
                // However slowly the first events arrive (the queue folds what is waiting into one item), the second half
                // comes after a reconcile ended, so there are at least two to compare.
                await Objects.EventuallyAsync(() => !reconciler.Calls.IsEmpty, "a first reconcile ended", ct);
            }
        }

        await Objects.EventuallyAsync(() => running.Informer.Get(new ReconcileRequest(ns, "busy"))?.Spec.Interval == "10m", "the last update was cached", ct);
        await Objects.EventuallyAsync(() => running.Controller.Queue.Count == 0 && reconciler.Calls.Count >= 2, "the queue drained", ct);
        var calls = reconciler.Calls.OrderBy(c => c.Start).ToArray();
        for (var i = 1; i < calls.Length; i++)
        {
            Assert.True(calls[i].Start >= calls[i - 1].End, $"reconcile {i} started before reconcile {i - 1} ended");
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>A real programming error: dereferencing null.</summary>
    private static ReconcileResult Bug()
    {
        string? missing = null;
        return ReconcileResult.After(TimeSpan.FromSeconds(missing!.Length));
    }

    private RunningController Run(string ns, RecordingReconciler reconciler, RuntimeMetrics metrics, int concurrency = 2)
    {
        var informer = new Informer<TestOciRepository>(_client, TestOciRepository.Resource, TestOciRepository.Json, new InformerOptions { Namespace = ns }, TimeProvider.System, NullLogger.Instance);
        var controller = new Controller<TestOciRepository>(
            informer,
            reconciler,
            new ControllerOptions { Name = "test", Concurrency = concurrency, MinRetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromSeconds(1) },
            metrics,
            TimeProvider.System,
            NullLogger.Instance);
        return new RunningController(informer, controller);
    }
}
