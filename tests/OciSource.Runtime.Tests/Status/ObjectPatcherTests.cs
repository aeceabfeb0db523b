using System.Text.Json;
using System.Net;
using k8s.Autorest;
using Microsoft.Extensions.Logging.Abstractions;
using OciSource.Runtime.Status;
using OciSource.Runtime.Tests.Support;
using OciSource.Testing.Kube;

namespace OciSource.Runtime.Tests.Status;

[Collection(KubeApiCollection.Name)]
public sealed class ObjectPatcherTests(KubeApiFixture fixture) : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly k8s.Kubernetes _client = fixture.CreateClient();
    [Fact]
    public async Task PatchStatus_FreshObject_LandsConditionsAndObservedGeneration()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("patch", ct);
        var original = await Objects.CreateAsync(_client, TestOciRepository.New(ns, "app"), ct);

        var stored = await Patcher().PatchStatusAsync(original, WithReady(original, "stored artifact"), ct);

        var read = await Objects.GetAsync(_client, ns, "app", ct);
        Assert.Equal(1, read.Status?.ObservedGeneration);
        var ready = Assert.Single(read.Status!.Conditions!);
        Assert.Equal(("Ready", "True", "Succeeded", "stored artifact"), (ready.Type, ready.Status, ready.Reason, ready.Message));
        Assert.Equal(Now.UtcDateTime, ready.LastTransitionTime.ToUniversalTime());
        Assert.Equal(read.Metadata.ResourceVersion, stored.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task PatchStatus_StaleObject_GetsConflictThenRetriesOnTheLatestKeepingOthersChanges()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("patch", ct);
        var stale = await Objects.CreateAsync(_client, TestOciRepository.New(ns, "app"), ct);
        await Objects.PatchStatusAsync(_client, ns, "app", "{\"status\":{\"lastHandledReconcileAt\":\"by-someone-else\"}}", ct);
        await Objects.PatchAsync(_client, ns, "app", "{\"spec\":{\"interval\":\"3m\"}}", ct);
        // The server refuses the stale resourceVersion: the precondition this test is about.
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => Objects.PatchStatusAsync(
            _client, ns, "app", $"{{\"metadata\":{{\"resourceVersion\":\"{stale.Metadata.ResourceVersion}\"}},\"status\":{{\"observedGeneration\":1}}}}", ct));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);

        await Patcher().PatchStatusAsync(stale, WithReady(stale, "stored artifact"), ct);

        var read = await Objects.GetAsync(_client, ns, "app", ct);
        Assert.Equal("Ready", Assert.Single(read.Status!.Conditions!).Type);
        Assert.Equal(1, read.Status.ObservedGeneration);
        Assert.Equal("by-someone-else", read.Status.LastHandledReconcileAt);
        Assert.Equal("3m", read.Spec.Interval);
    }

    [Fact]
    public async Task PatchStatus_NothingChanged_SendsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("patch", ct);
        var original = await Objects.CreateAsync(_client, TestOciRepository.New(ns, "app"), ct);

        var result = await Patcher().PatchStatusAsync(original, original, ct);

        Assert.Same(original, result);
        Assert.Equal(original.Metadata.ResourceVersion, (await Objects.GetAsync(_client, ns, "app", ct)).Metadata.ResourceVersion);
    }

    [Fact]
    public async Task PatchStatus_ConditionRemoved_IsRemovedOnTheServer()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("patch", ct);
        var created = await Objects.CreateAsync(_client, TestOciRepository.New(ns, "app"), ct);
        var withTwo = WithReady(created, "ok");
        Conditions.Set(withTwo.Status!.Conditions!, new Condition { Type = "Reconciling", Status = "True", Reason = "Progressing" }, Now);
        var stored = await Patcher().PatchStatusAsync(created, withTwo, ct);

        var withOne = Clone(stored);
        Conditions.Delete(withOne.Status!.Conditions!, "Reconciling");
        await Patcher().PatchStatusAsync(stored, withOne, ct);

        Assert.Equal(["Ready"], (await Objects.GetAsync(_client, ns, "app", ct)).Status!.Conditions!.Select(c => c.Type));
    }

    [Fact]
    public async Task Finalizers_AddOnStaleObjectThenRemove_ObjectIsDeletedOnlyAfterRemoval()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("patch", ct);
        var stale = await Objects.CreateAsync(_client, TestOciRepository.New(ns, "app"), ct);
        await Objects.PatchAsync(_client, ns, "app", "{\"spec\":{\"interval\":\"4m\"}}", ct);
        const string finalizer = "finalizers.fluxcd.io";

        var withFinalizer = await Patcher().AddFinalizerAsync(stale, finalizer, ct);
        await Objects.DeleteAsync(_client, ns, "app", ct);
        var terminating = await Objects.GetAsync(_client, ns, "app", ct);
        await Patcher().RemoveFinalizerAsync(terminating, finalizer, ct);

        Assert.Contains(finalizer, withFinalizer.Metadata.Finalizers);
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => Objects.GetAsync(_client, ns, "app", ct));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    public void Dispose() => _client.Dispose();

    private ObjectPatcher<TestOciRepository> Patcher() => new(_client, TestOciRepository.Resource, TestOciRepository.Json, "source-controller", NullLogger.Instance);

    private static TestOciRepository WithReady(TestOciRepository obj, string message)
    {
        var copy = Clone(obj);
        copy.Status ??= new TestOciRepositoryStatus();
        copy.Status.Conditions ??= [];
        copy.Status.ObservedGeneration = obj.Metadata.Generation;
        Conditions.Set(copy.Status.Conditions, new Condition { Type = "Ready", Status = "True", Reason = "Succeeded", Message = message, ObservedGeneration = obj.Metadata.Generation ?? 0 }, Now);
        return copy;
    }

    private static TestOciRepository Clone(TestOciRepository obj) => JsonSerializer.Deserialize(JsonSerializer.Serialize(obj, TestOciRepository.Json), TestOciRepository.Json)!;
}
