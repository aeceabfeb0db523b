using System.Text.Json;
using k8s;
using k8s.Models;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Testing.Registry;
using OciSource.Testing.Kube;

namespace OciSource.Controller.Tests;

public sealed partial class OCIRepositoryReconcilerTests
{
    [Fact]
    public async Task NewObject_CostsOneManifestGetAndOneBlobGet_ThenUnchangedRevisionOneHead()
    {
        await PushManifestsAsync("ctrl/steady", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        await using var front = await TamperingFront.StartAsync(Registry, Ct);
        var spec = Spec("ctrl/steady", new OCIRepositoryRef { Tag = "v1" }) with { Url = $"oci://{front.Host}/ctrl/steady" };
        await _controller.ApplyAsync("steady", spec, Ct);
        var ready = await _controller.WaitAsync("steady", ControllerHost.IsReady, "Ready=True", Ct);
        var pull = front.Requests.Where(r => r.PathAndQuery.StartsWith("/v2/ctrl/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, pull.Count);
        Assert.Equal(("GET", "/v2/ctrl/steady/manifests/v1"), (pull[0].Method, pull[0].PathAndQuery));
        Assert.Equal("GET", pull[1].Method);
        Assert.StartsWith("/v2/ctrl/steady/blobs/sha256:", pull[1].PathAndQuery, StringComparison.Ordinal);
        front.ClearRequests();

        await RequestReconcileAsync("steady", "first");
        var after = await _controller.WaitAsync("steady", o => o.Status?.LastHandledReconcileAt == "first", "lastHandledReconcileAt=first", Ct);

        Assert.Equal(ready.Status!.Artifact!.Digest, after.Status!.Artifact!.Digest);
        var head = Assert.Single(front.Requests, r => r.PathAndQuery.StartsWith("/v2/ctrl/", StringComparison.Ordinal));
        Assert.Equal(("HEAD", "/v2/ctrl/steady/manifests/v1"), (head.Method, head.PathAndQuery));
    }

    [Fact]
    public async Task Suspended_NewTagIsNotPulledUntilResumed()
    {
        await PushManifestsAsync("ctrl/suspended", "v1", new Dictionary<string, string> { ["a.yaml"] = "one" });
        await _controller.ApplyAsync("suspended", Spec("ctrl/suspended", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var before = await _controller.WaitAsync("suspended", ControllerHost.IsReady, "Ready=True", Ct);
        var second = await PushManifestsAsync("ctrl/suspended", "v1", new Dictionary<string, string> { ["a.yaml"] = "two" });
        await _controller.WaitIdleAsync(Ct);
        var reconciles = await _controller.ReconcilesAsync("suspended", Ct);

        // One patch suspends and asks for a reconcile; the controller is idle with nothing due, so the next reconcile
        // it finishes is one that saw both.
        await PatchSpecAsync("suspended", new
        {
            metadata = new { annotations = new Dictionary<string, string> { [SourceApi.ReconcileRequestAnnotation] = "while-suspended" } },
            spec = new { suspend = true },
        });
        await _controller.WaitReconciledAsync("suspended", reconciles, Ct);
        var suspended = await _controller.GetAsync("suspended", Ct);
        Assert.Equal(before.Status!.Artifact!.Revision, suspended.Status!.Artifact!.Revision);
        // As Flux: a suspended object's status still records the request it handled and the generation it saw.
        Assert.Equal("while-suspended", suspended.Status.LastHandledReconcileAt);
        Assert.Equal(suspended.Metadata.Generation, suspended.Status.ObservedGeneration);

        await PatchSpecAsync("suspended", new { spec = new { suspend = false } });
        await _controller.WaitAsync("suspended", o => o.Status?.Artifact?.Revision == $"v1@{second}", "the new revision after resuming", Ct);
    }

    [Fact]
    public async Task CorruptedStoredFile_IsDetectedAndRebuilt()
    {
        await PushManifestsAsync("ctrl/corrupt", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        await _controller.ApplyAsync("corrupt", Spec("ctrl/corrupt", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var ready = await _controller.WaitAsync("corrupt", ControllerHost.IsReady, "Ready=True", Ct);
        var file = Path.Combine(_controller.StoreRoot, ready.Status!.Artifact!.Path);
        var blob = new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)!.FullName;
        await File.WriteAllTextAsync(blob, "tampered on disk", Ct);

        await RequestReconcileAsync("corrupt", "after-corruption");
        var rebuilt = await _controller.WaitAsync(
            "corrupt", o => o.Status?.LastHandledReconcileAt == "after-corruption" && ControllerHost.IsReady(o), "a rebuilt artifact", Ct);

        var served = await Http.GetByteArrayAsync(new Uri(rebuilt.Status!.Artifact!.Url), Ct);
        Assert.Equal(ready.Status.Artifact.Digest, ArtifactContent.Sha256(served));
        Assert.Equal(rebuilt.Status.Artifact.Digest, ArtifactContent.Sha256(served));
    }

    [Fact]
    public async Task GarbageCollection_KeepsTheConfiguredNumberOfArtifacts()
    {
        await PushManifestsAsync("ctrl/gc", "v1", new Dictionary<string, string> { ["a.yaml"] = "0" });
        await _controller.ApplyAsync("gc", Spec("ctrl/gc", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var obj = await _controller.WaitAsync("gc", ControllerHost.IsReady, "Ready=True", Ct);
        for (var i = 1; i <= 3; i++)
        {
            var digest = await PushManifestsAsync("ctrl/gc", "v1", new Dictionary<string, string> { ["a.yaml"] = $"{i}" });
            await RequestReconcileAsync("gc", $"push-{i}");
            obj = await _controller.WaitAsync("gc", o => o.Status?.Artifact?.Revision == $"v1@{digest}", $"revision {i}", Ct);
        }

        await RequestReconcileAsync("gc", "collect");
        await _controller.WaitAsync("gc", o => o.Status?.LastHandledReconcileAt == "collect", "the collecting reconcile", Ct);

        var directory = Path.Combine(_controller.StoreRoot, "ocirepository", _controller.Namespace, "gc");
        var artifacts = Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).Where(n => n != "latest.tar.gz").ToList();
        Assert.Equal(2, artifacts.Count);
        Assert.Contains(Path.GetFileName(obj.Status!.Artifact!.Path), artifacts);
    }

    private async Task RequestReconcileAsync(string name, string token, ControllerHost? host = null) =>
        await PatchSpecAsync(name, new { metadata = new { annotations = new Dictionary<string, string> { [SourceApi.ReconcileRequestAnnotation] = token } } }, host);

    private async Task PatchSpecAsync(string name, object patch, ControllerHost? host = null) =>
        await (host ?? _controller).Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(JsonSerializer.Serialize(patch, TestJson.Options), V1Patch.PatchType.MergePatch),
            SourceApi.Group, OCIRepository.Version, (host ?? _controller).Namespace, SourceApi.Plural, name, cancellationToken: Ct);
}
