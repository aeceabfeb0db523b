using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using OciSource.Runtime.Informer;
using OciSource.Testing.Kube;

namespace OciSource.Testing.Tests;

/// <summary>
/// The KubeApi fixture is a real API server: the project's CRD is validated, defaulted and pruned by it, generations,
/// watches and optimistic concurrency are the server's own, and Leases, Events, Secrets and ServiceAccounts are served
/// at their real paths.
/// </summary>
[Collection(KubeApiCollection.Name)]
public sealed class KubeApiSmokeTests(KubeApiFixture fixture) : IDisposable
{
    private const string Group = "source.toolkit.fluxcd.io";
    private const string Plural = "ocirepositories";
    private readonly Kubernetes _client = fixture.CreateClient();

    [Fact]
    public async Task CreateOciRepository_AppliesCrdDefaultsAndPrunesUnknownFields()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("smoke", ct);

        var created = await CreateOciRepositoryAsync(ns, "defaults", new JsonObject { ["unknownField"] = "dropped" }, ct);

        var spec = created["spec"]!;
        Assert.Equal("generic", spec["provider"]?.GetValue<string>());
        Assert.Equal("60s", spec["timeout"]?.GetValue<string>());
        Assert.Null(spec["unknownField"]);
        Assert.Equal(1, created["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task CreateOciRepository_WithoutRequiredUrl_IsRejectedByTheSchema()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("smoke", ct);
        var body = OciRepository(ns, "invalid", new JsonObject());
        body["spec"]!.AsObject().Remove("url");

        var error = await Assert.ThrowsAsync<HttpOperationException>(
            () => _client.CustomObjects.CreateNamespacedCustomObjectAsync(body, Group, "v1", ns, Plural, cancellationToken: ct));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Contains("spec.url", error.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpecChange_BumpsGenerationAndReachesAWatchStartedBeforeIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("smoke", ct);
        var created = await CreateOciRepositoryAsync(ns, "watched", [], ct);
        var resourceVersion = created["metadata"]!["resourceVersion"]!.GetValue<string>();

        using var watchTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        watchTimeout.CancelAfter(TimeSpan.FromSeconds(30));
        var modified = FirstModifiedAsync(OciRepositoryWatch.Start(_client, ns, resourceVersion, null, watchTimeout.Token));

        var patch = new V1Patch("{\"spec\":{\"interval\":\"10m\"}}", V1Patch.PatchType.MergePatch);
        var patched = Node(await _client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, Group, "v1", ns, Plural, "watched", cancellationToken: ct));

        Assert.Equal(2, patched["metadata"]!["generation"]!.GetValue<long>());
        var seen = await modified;
        Assert.Equal("10m", seen["spec"]!["interval"]!.GetValue<string>());
        Assert.Equal(2, seen["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task StatusChange_DoesNotBumpGeneration()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("smoke", ct);
        await CreateOciRepositoryAsync(ns, "status", [], ct);

        var patch = new V1Patch("{\"status\":{\"observedGeneration\":1}}", V1Patch.PatchType.MergePatch);
        var patched = Node(await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(patch, Group, "v1", ns, Plural, "status", cancellationToken: ct));

        Assert.Equal(1, patched["status"]!["observedGeneration"]!.GetValue<long>());
        Assert.Equal(1, patched["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task ReplaceWithStaleResourceVersion_IsAConflict()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("smoke", ct);
        var stale = await CreateOciRepositoryAsync(ns, "conflict", [], ct);
        var fresh = stale.DeepClone();
        fresh["spec"]!["interval"] = "2m";
        await _client.CustomObjects.ReplaceNamespacedCustomObjectAsync(fresh, Group, "v1", ns, Plural, "conflict", cancellationToken: ct);

        stale["spec"]!["interval"] = "3m";
        var error = await Assert.ThrowsAsync<HttpOperationException>(
            () => _client.CustomObjects.ReplaceNamespacedCustomObjectAsync(stale, Group, "v1", ns, Plural, "conflict", cancellationToken: ct));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
    }

    [Fact]
    public async Task V1beta2Object_IsServedAndReadableAsV1()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("smoke", ct);
        var body = OciRepository(ns, "old", new JsonObject { ["ref"] = new JsonObject { ["semver"] = ">=1.0.0 <2.0.0" } });
        body["apiVersion"] = $"{Group}/v1beta2";
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(body, Group, "v1beta2", ns, Plural, cancellationToken: ct);

        var asV1 = Node(await _client.CustomObjects.GetNamespacedCustomObjectAsync(Group, "v1", ns, Plural, "old", ct));

        Assert.Equal($"{Group}/v1", asV1["apiVersion"]!.GetValue<string>());
        Assert.Equal(">=1.0.0 <2.0.0", asV1["spec"]!["ref"]!["semver"]!.GetValue<string>());
    }

    [Fact]
    public async Task Secret_IsStoredAndReadThroughCoreV1()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("smoke", ct);
        const string dockerConfig = "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"dXNlcjpwYXNz\"}}}";
        await _client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "pull", NamespaceProperty = ns },
                Type = "kubernetes.io/dockerconfigjson",
                StringData = new Dictionary<string, string> { [".dockerconfigjson"] = dockerConfig },
            },
            ns,
            cancellationToken: ct);

        var secret = await _client.CoreV1.ReadNamespacedSecretAsync("pull", ns, cancellationToken: ct);

        Assert.Equal("v1", secret.ApiVersion);
        Assert.Equal("Secret", secret.Kind);
        Assert.Equal("kubernetes.io/dockerconfigjson", secret.Type);
        Assert.Equal(dockerConfig, Encoding.UTF8.GetString(secret.Data[".dockerconfigjson"]));
        Assert.NotEmpty(secret.Metadata.Uid);
    }

    [Fact]
    public async Task MissingSecret_IsNotFoundWithTheCoreResourceName()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("smoke", ct);

        var error = await Assert.ThrowsAsync<HttpOperationException>(
            () => _client.CoreV1.ReadNamespacedSecretAsync("absent", ns, cancellationToken: ct));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Equal("secrets \"absent\" not found", JsonNode.Parse(error.Response.Content)!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ServiceAccount_KeepsItsImagePullSecrets()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("smoke", ct);
        await _client.CoreV1.CreateNamespacedServiceAccountAsync(
            new V1ServiceAccount
            {
                Metadata = new V1ObjectMeta { Name = "puller", NamespaceProperty = ns },
                ImagePullSecrets = [new V1LocalObjectReference { Name = "pull" }],
            },
            ns,
            cancellationToken: ct);

        var account = await _client.CoreV1.ReadNamespacedServiceAccountAsync("puller", ns, cancellationToken: ct);

        Assert.Equal("pull", Assert.Single(account.ImagePullSecrets).Name);
    }

    [Fact]
    public async Task Lease_IsCreatedUpdatedAndGuardedByResourceVersion()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("smoke", ct);
        var created = await _client.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease
            {
                // A CRD endpoint needs apiVersion and kind in the body; a real API server infers them from the path.
                ApiVersion = $"{V1Lease.KubeGroup}/{V1Lease.KubeApiVersion}",
                Kind = V1Lease.KubeKind,
                Metadata = new V1ObjectMeta { Name = "leader", NamespaceProperty = ns },
                Spec = new V1LeaseSpec { HolderIdentity = "a", LeaseDurationSeconds = 35, AcquireTime = DateTime.UtcNow, RenewTime = DateTime.UtcNow },
            },
            ns,
            cancellationToken: ct);

        created.Spec.HolderIdentity = "b";
        created.Spec.LeaseTransitions = 1;
        var updated = await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(created, "leader", ns, cancellationToken: ct);

        Assert.Equal("b", updated.Spec.HolderIdentity);
        Assert.Equal(1, updated.Spec.LeaseTransitions);
        Assert.NotEqual(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
        created.Spec.HolderIdentity = "c";
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(
            () => _client.CoordinationV1.ReplaceNamespacedLeaseAsync(created, "leader", ns, cancellationToken: ct));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
    }

    [Fact]
    public async Task Event_IsCreatedThroughEventsV1()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("smoke", ct);

        var created = await _client.EventsV1.CreateNamespacedEventAsync(
            new Eventsv1Event
            {
                ApiVersion = $"{Eventsv1Event.KubeGroup}/{Eventsv1Event.KubeApiVersion}",
                Kind = Eventsv1Event.KubeKind,
                Metadata = new V1ObjectMeta { GenerateName = "smoke-", NamespaceProperty = ns },
                EventTime = DateTime.UtcNow,
                ReportingController = "source.toolkit.fluxcd.io/oci-source-controller",
                ReportingInstance = "smoke-test",
                Action = "reconcile",
                Reason = "NewArtifact",
                Note = "stored artifact",
                Type = "Normal",
                Regarding = new V1ObjectReference { Kind = "OCIRepository", Name = "x", NamespaceProperty = ns, ApiVersion = $"{Group}/v1" },
            },
            ns,
            cancellationToken: ct);

        var read = await _client.EventsV1.ReadNamespacedEventAsync(created.Metadata.Name, ns, cancellationToken: ct);
        Assert.StartsWith("smoke-", read.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal("NewArtifact", read.Reason);
        Assert.Equal("OCIRepository", read.Regarding.Kind);
    }

    [Fact]
    public async Task KubectlWait_ObjectAlreadyReady_ReturnsAtOnceThroughTheFront()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("smoke", ct);
        await CreateOciRepositoryAsync(ns, "ready", [], ct);
        var ready = new V1Patch(
            "{\"status\":{\"observedGeneration\":1,\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"Succeeded\",\"message\":\"ok\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\",\"observedGeneration\":1}]}}",
            V1Patch.PatchType.MergePatch);
        await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(ready, Group, "v1", ns, Plural, "ready", cancellationToken: ct);

        // The watch kubectl opens sees no event; it returns only if the front passes the watch's headers on at once.
        var wait = await fixture.Tools.RunAsync(
            fixture.Tools.Kubectl,
            ["--kubeconfig", fixture.KubeconfigPath, "wait", "-n", ns, "ocirepository/ready", "--for=condition=Ready", "--timeout=20s"],
            ct,
            timeout: TimeSpan.FromSeconds(40));

        Assert.Contains("condition met", wait.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_AppliesAFluxV1beta2ManifestAndPrintsTheCrdColumns()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("smoke", ct);
        var work = TestEnvironment.CreateWorkDirectory("kubectl");
        try
        {
            var manifest = Path.Combine(work, "ocirepository.yaml");
            await File.WriteAllTextAsync(manifest, $"""
                apiVersion: source.toolkit.fluxcd.io/v1beta2
                kind: OCIRepository
                metadata:
                  name: my-helm-chart
                  namespace: {ns}
                spec:
                  interval: 5m
                  url: oci://oci.example.com/my-repo/my-chart
                  ref:
                    semver: ">=1.0.0 <2.0.0"
                  secretRef:
                    name: oci-registry-credentials
                """, ct);
            var tools = fixture.Tools;
            string[] kubeconfig = ["--kubeconfig", fixture.KubeconfigPath];

            var apply = await tools.RunAsync(tools.Kubectl, [.. kubeconfig, "apply", "--validate=false", "-f", manifest], ct);
            var get = await tools.RunAsync(tools.Kubectl, [.. kubeconfig, "get", "ocirepo", "-n", ns], ct);

            Assert.Contains("ocirepository.source.toolkit.fluxcd.io/my-helm-chart created", apply.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("v1beta2 OCIRepository is deprecated, upgrade to v1", apply.StandardError, StringComparison.Ordinal);
            var lines = get.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["NAME", "URL", "READY", "STATUS", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("my-helm-chart", lines[1], StringComparison.Ordinal);
            Assert.Contains("oci://oci.example.com/my-repo/my-chart", lines[1], StringComparison.Ordinal);
        }
        finally
        {
            TestEnvironment.DeleteWorkDirectory(work);
        }
    }

    public void Dispose() => _client.Dispose();

    private static JsonObject OciRepository(string ns, string name, JsonObject extraSpec)
    {
        var spec = new JsonObject { ["interval"] = "5m", ["url"] = "oci://127.0.0.1:5000/smoke/app" };
        foreach (var (key, value) in extraSpec)
        {
            spec[key] = value?.DeepClone();
        }

        return new JsonObject
        {
            ["apiVersion"] = $"{Group}/v1",
            ["kind"] = "OCIRepository",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        };
    }

    private async Task<JsonNode> CreateOciRepositoryAsync(string ns, string name, JsonObject extraSpec, CancellationToken ct) =>
        Node(await _client.CustomObjects.CreateNamespacedCustomObjectAsync(OciRepository(ns, name, extraSpec), Group, "v1", ns, Plural, cancellationToken: ct));

    private static JsonNode Node(object response) => JsonSerializer.SerializeToNode(response)!;

    private static async Task<JsonNode> FirstModifiedAsync(IAsyncEnumerable<(WatchEventType Type, JsonObject Object)> events)
    {
        await foreach (var (type, obj) in events)
        {
            if (type == WatchEventType.Modified)
            {
                return obj;
            }
        }

        throw new InvalidOperationException("The watch ended without a MODIFIED event.");
    }
}
