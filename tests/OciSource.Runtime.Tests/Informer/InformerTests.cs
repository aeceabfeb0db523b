using OciSource.Runtime.Informer;
using OciSource.Runtime.Tests.Support;
using OciSource.Testing.Kube;

namespace OciSource.Runtime.Tests.Informer;

[Collection(KubeApiCollection.Name)]
public sealed class InformerTests(KubeApiFixture fixture) : IDisposable
{
    private readonly k8s.Kubernetes _client = fixture.CreateClient();

    [Fact]
    public async Task Run_CreateUpdateDelete_ReachHandlerAndCacheWithoutManagedFields()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("inf", ct);
        await Objects.CreateAsync(_client, TestOciRepository.New(ns, "existing"), ct);
        await using var running = new RunningInformer(_client, new InformerOptions { Namespace = ns });
        var (informer, handler) = (running.Informer, running.Handler);
        await informer.ReadyAsync(ct);
        Assert.True(handler.Has("added existing:1"));

        var created = await Objects.CreateAsync(_client, TestOciRepository.New(ns, "new"), ct);
        await Objects.PatchAsync(_client, ns, "new", "{\"spec\":{\"interval\":\"9m\"}}", ct);
        await Objects.DeleteAsync(_client, ns, "existing", ct);

        await Objects.EventuallyAsync(() => handler.Has("updated new:2") && handler.Has("deleted existing"), "all changes arrived", ct);
        Assert.True(handler.Has("added new:1"));
        var cached = informer.Get(new ReconcileRequest(ns, "new"));
        Assert.Equal("9m", cached?.Spec.Interval);
        Assert.Null(informer.Get(new ReconcileRequest(ns, "existing")));
        Assert.NotEmpty(created.Metadata.ManagedFields);
        Assert.Null(cached!.Metadata.ManagedFields);
    }

    [Fact]
    public async Task Run_LabelSelectorAndNamespace_SeeOnlyMatchingObjects()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("inf", ct);
        var other = await fixture.CreateNamespaceAsync("inf", ct);
        var shard = new Dictionary<string, string> { ["sharding.fluxcd.io/key"] = "shard1" };
        await Objects.CreateAsync(_client, TestOciRepository.New(ns, "mine", shard), ct);
        await Objects.CreateAsync(_client, TestOciRepository.New(ns, "unlabelled"), ct);
        await Objects.CreateAsync(_client, TestOciRepository.New(other, "elsewhere", shard), ct);
        await using var running = new RunningInformer(_client, new InformerOptions { Namespace = ns, LabelSelector = "sharding.fluxcd.io/key=shard1" });
        var (informer, handler) = (running.Informer, running.Handler);
        await informer.ReadyAsync(ct);
        await Objects.CreateAsync(_client, TestOciRepository.New(ns, "unlabelled-later"), ct);
        await Objects.CreateAsync(_client, TestOciRepository.New(other, "elsewhere-later", shard), ct);
        await Objects.CreateAsync(_client, TestOciRepository.New(ns, "mine-later", shard), ct);

        // Created last: a watch delivers in resourceVersion order, so the others would have arrived before it.
        await Objects.EventuallyAsync(() => handler.Has("added mine-later:1"), "the labelled object arrived", ct);
        Assert.Equal(["mine", "mine-later"], informer.List().Select(o => o.Metadata.Name).Order());
    }

    [Fact]
    public async Task Run_ApiServerRestarted_ResumesWithoutMissingAnUpdate()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("inf", ct);
        await Objects.CreateAsync(_client, TestOciRepository.New(ns, "app"), ct);
        await using var running = new RunningInformer(_client, new InformerOptions { Namespace = ns });
        var (informer, handler) = (running.Informer, running.Handler);
        await informer.ReadyAsync(ct);

        await fixture.RestartApiServerAsync(null, ct);
        // Written at once after the restart, while the informer may still be reconnecting.
        await Objects.PatchAsync(_client, ns, "app", "{\"spec\":{\"interval\":\"11m\"}}", ct);

        // The informer updates its cache before it calls the handlers: wait for the handler, the later of the two.
        await Objects.EventuallyAsync(() => handler.Has("updated app:2"), "the update reached the handler", ct);
        Assert.Equal("11m", informer.Get(new ReconcileRequest(ns, "app"))?.Spec.Interval);
    }

    [Fact]
    public async Task Run_HistoryCompactedWhileDisconnected_RelistsAndSynthesisesTheDelete()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("inf", ct);
        await Objects.CreateAsync(_client, TestOciRepository.New(ns, "kept"), ct);
        await Objects.CreateAsync(_client, TestOciRepository.New(ns, "vanished"), ct);
        await using var running = new RunningInformer(_client, new InformerOptions { Namespace = ns });
        var (informer, handler) = (running.Informer, running.Handler);
        await informer.ReadyAsync(ct);
        Assert.Equal(1, informer.Lists);

        // While the API server is down the object disappears from etcd and history is compacted: no watch can
        // report the delete, and resuming from the informer's resourceVersion answers 410 Gone.
        var r = TestOciRepository.Resource;
        await fixture.RestartApiServerAsync(
            async token =>
            {
                Assert.Equal(1, await fixture.Etcd.DeleteAsync(EtcdGateway.CustomObjectKey(r.Group, r.Plural, ns, "vanished"), token));
                await fixture.Etcd.CompactAsync(token);
            },
            ct);

        await Objects.EventuallyAsync(() => handler.Has("deleted vanished"), "the relist reported the delete", ct);
        Assert.True(informer.Lists >= 2);
        Assert.NotNull(informer.Get(new ReconcileRequest(ns, "kept")));
        Assert.Null(informer.Get(new ReconcileRequest(ns, "vanished")));
    }

    public void Dispose() => _client.Dispose();
}
