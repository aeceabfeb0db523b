using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using OciSource.Runtime.Informer;
using OciSource.Testing.Kube;

namespace OciSource.Testing.Tests;

/// <summary>The fixture's fault injection: restarting the API server and reaching etcd behind it.</summary>
[Collection(KubeApiCollection.Name)]
public sealed class KubeApiFaultTests(KubeApiFixture fixture) : IDisposable
{
    private const string Group = "source.toolkit.fluxcd.io";
    private const string Plural = "ocirepositories";
    private readonly Kubernetes _client = fixture.CreateClient();

    [Fact]
    public async Task RestartApiServer_ClosesOpenWatchesAndKeepsObjects()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("fault", ct);
        var created = await CreateAsync(ns, "survivor", ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        // Without a resourceVersion the watch starts with an ADDED event per object: proof that it is open.
        var events = OciRepositoryWatch.Start(_client, ns, null, null, timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await events.MoveNextAsync());

        await fixture.RestartApiServerAsync(null, ct);

        await DrainAsync(events);
        await events.DisposeAsync();
        var read = Node(await _client.CustomObjects.GetNamespacedCustomObjectAsync(Group, "v1", ns, Plural, "survivor", ct));
        Assert.Equal(created["metadata"]!["uid"]!.GetValue<string>(), read["metadata"]!["uid"]!.GetValue<string>());
    }

    [Fact]
    public async Task CompactAndRestart_WatchFromAnOldResourceVersion_IsGone()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("fault", ct);
        var old = ResourceVersion(await CreateAsync(ns, "compacted", ct));
        var patch = new V1Patch("{\"spec\":{\"interval\":\"7m\"}}", V1Patch.PatchType.MergePatch);
        await _client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, Group, "v1", ns, Plural, "compacted", cancellationToken: ct);

        await fixture.RestartApiServerAsync(fixture.Etcd.CompactAsync, ct);

        KubernetesException? error = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var status = HttpStatusCode.TooManyRequests;
        // 429 while the restarted server's watch cache initializes (it says Retry-After: 1).
        while (status == HttpStatusCode.TooManyRequests)
        {
            try
            {
                var events = OciRepositoryWatch.Start(_client, ns, old, e => error ??= e as KubernetesException, timeout.Token);
                await DrainAsync(events.GetAsyncEnumerator(timeout.Token));
                status = (HttpStatusCode)(error?.Status?.Code ?? 200);
            }
            catch (HttpOperationException e)
            {
                status = e.Response.StatusCode;
                await Task.Delay(200, timeout.Token);
            }
        }

        Assert.Equal(HttpStatusCode.Gone, status);
    }

    [Fact]
    public async Task EtcdDelete_RemovesTheObjectBehindTheApiServer()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("fault", ct);
        await CreateAsync(ns, "vanishing", ct);

        var deleted = await fixture.Etcd.DeleteAsync(EtcdGateway.CustomObjectKey(Group, Plural, ns, "vanishing"), ct);

        Assert.Equal(1, deleted);
        var error = await Assert.ThrowsAsync<HttpOperationException>(
            () => _client.CustomObjects.GetNamespacedCustomObjectAsync(Group, "v1", ns, Plural, "vanishing", ct));
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    public void Dispose() => _client.Dispose();

    private async Task<JsonNode> CreateAsync(string ns, string name, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = $"{Group}/v1",
            ["kind"] = "OCIRepository",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject { ["interval"] = "5m", ["url"] = "oci://127.0.0.1:5000/fault/app" },
        };
        return Node(await _client.CustomObjects.CreateNamespacedCustomObjectAsync(body, Group, "v1", ns, Plural, cancellationToken: ct));
    }

    private static string ResourceVersion(JsonNode obj) => obj["metadata"]!["resourceVersion"]!.GetValue<string>();

    private static JsonNode Node(object response) => JsonSerializer.SerializeToNode(response)!;

    /// <summary>Reads a watch until the server ends it (a dropped connection ends it with an I/O error, also fine).</summary>
    private static async Task DrainAsync(IAsyncEnumerator<(WatchEventType Type, JsonObject Object)> events)
    {
        try
        {
            while (await events.MoveNextAsync())
            {
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
        }
    }
}
