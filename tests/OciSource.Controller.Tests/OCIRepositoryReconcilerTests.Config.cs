using OciSource.Api.V1;
using OciSource.Testing.Registry;

namespace OciSource.Controller.Tests;

public sealed partial class OCIRepositoryReconcilerTests
{
    [Fact]
    public async Task SemverWithFilter_PicksTheHighestTagTheFilterKeepsOverTheTag()
    {
        foreach (var tag in new[] { "1.0.0-dev.1", "1.0.0-dev.2", "1.0.0-rc.1", "1.0.0" })
        {
            await PushManifestsAsync("ctrl/filtered", tag, new Dictionary<string, string> { ["v.txt"] = tag });
        }

        await _controller.ApplyAsync("filtered", Spec("ctrl/filtered", new OCIRepositoryRef { SemVer = ">=1.0.0-0", SemverFilter = ".*-dev\\..*", Tag = "1.0.0" }), Ct);
        var obj = await _controller.WaitAsync("filtered", ControllerHost.IsReady, "Ready=True", Ct);

        Assert.StartsWith("1.0.0-dev.2@sha256:", obj.Status!.Artifact!.Revision, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ObjectsWithIdenticalContent_ShareOneStoredBlob()
    {
        await PushManifestsAsync("ctrl/shared", "v1", new Dictionary<string, string> { ["app.yaml"] = "kind: ConfigMap" });
        var names = new[] { "shared-a", "shared-b", "shared-c" };
        foreach (var name in names)
        {
            await _controller.ApplyAsync(name, Spec("ctrl/shared", new OCIRepositoryRef { Tag = "v1" }), Ct);
        }

        var artifacts = new List<Artifact>();
        foreach (var name in names)
        {
            artifacts.Add((await _controller.WaitAsync(name, ControllerHost.IsReady, "Ready=True", Ct)).Status!.Artifact!);
        }

        Assert.Single(artifacts.Select(a => a.Digest).Distinct());
        Assert.Equal(3, artifacts.Select(a => a.Path).Distinct().Count());
        var blobs = artifacts.Select(a => new FileInfo(Path.Combine(_controller.StoreRoot, a.Path)).ResolveLinkTarget(returnFinalTarget: true)!.FullName).Distinct();
        var blob = Assert.Single(blobs);
        Assert.Equal(artifacts[0].Size, new FileInfo(blob).Length);
    }

    [Fact]
    public async Task IgnoreChange_SameRevision_RebuildsTheArtifactWithoutTheIgnoredFiles()
    {
        await PushManifestsAsync("ctrl/ignored", "v1", new Dictionary<string, string> { ["app.yaml"] = "kind: ConfigMap", ["NOTES.md"] = "notes" });
        await _controller.ApplyAsync("ignored", Spec("ctrl/ignored", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var before = await _controller.WaitAsync("ignored", ControllerHost.IsReady, "Ready=True", Ct);

        await PatchSpecAsync("ignored", new { spec = new { ignore = "*.md" } });
        var after = await _controller.WaitAsync("ignored", o => o.Status?.ObservedIgnore == "*.md" && ControllerHost.IsReady(o), "the rebuilt artifact", Ct);

        Assert.Equal(before.Status!.Artifact!.Revision, after.Status!.Artifact!.Revision);
        Assert.NotEqual(before.Status.Artifact.Digest, after.Status.Artifact.Digest);
        var files = await ArtifactContent.ReadTarGzAsync(await Http.GetByteArrayAsync(new Uri(after.Status.Artifact.Url), Ct), Ct);
        Assert.Equal(["app.yaml"], files.Keys);
    }

    [Fact]
    public async Task LayerSelectorChange_SameRevision_StoresTheOtherOperation()
    {
        await PushManifestsAsync("ctrl/selector", "v1", new Dictionary<string, string> { ["app.yaml"] = "kind: ConfigMap" });
        await _controller.ApplyAsync("selector", Spec("ctrl/selector", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var extracted = await _controller.WaitAsync("selector", ControllerHost.IsReady, "Ready=True", Ct);

        await PatchSpecAsync("selector", new { spec = new { layerSelector = new { mediaType = FluxContent, operation = "copy" } } });
        var copied = await _controller.WaitAsync("selector", o => o.Status?.ObservedLayerSelector?.Operation == "copy" && ControllerHost.IsReady(o), "the copied layer", Ct);

        Assert.Equal(extracted.Status!.Artifact!.Revision, copied.Status!.Artifact!.Revision);
        var pushed = Directory.EnumerateFiles(_work, "*.tar.gz").Select(File.ReadAllBytes).Single(b => ArtifactContent.Sha256(b) == copied.Status.Artifact.Digest);
        Assert.Equal(pushed, await Http.GetByteArrayAsync(new Uri(copied.Status.Artifact.Url), Ct));
    }

    [Fact]
    public async Task CopyMode_LayerTheStoreHolds_IsLinkedWithoutDownloadingItAgain()
    {
        await PushManifestsAsync("ctrl/shared-layer", "v1", new Dictionary<string, string> { ["app.yaml"] = "kind: ConfigMap" });
        await using var front = await TamperingFront.StartAsync(Registry, Ct);
        var spec = Spec("ctrl/shared-layer", new OCIRepositoryRef { Tag = "v1" }) with
        {
            Url = $"oci://{front.Host}/ctrl/shared-layer",
            LayerSelector = new OCILayerSelector { MediaType = FluxContent, Operation = "copy" },
        };
        await _controller.ApplyAsync("copy-first", spec, Ct);
        var first = await _controller.WaitAsync("copy-first", ControllerHost.IsReady, "Ready=True", Ct);
        Assert.Single(front.Requests, r => r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal));
        front.ClearRequests();

        await _controller.ApplyAsync("copy-second", spec, Ct);
        var second = await _controller.WaitAsync("copy-second", ControllerHost.IsReady, "Ready=True", Ct);

        Assert.Equal((first.Status!.Artifact!.Digest, first.Status.Artifact.Size), (second.Status!.Artifact!.Digest, second.Status.Artifact.Size));
        // The only blob request is the HEAD that proves this object's registry serves the blob (issue 13, point 4).
        Assert.Equal("HEAD", Assert.Single(front.Requests, r => r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal)).Method);
        Assert.Contains(front.Requests, r => r.PathAndQuery == "/v2/ctrl/shared-layer/manifests/v1");
        Assert.Equal(second.Status.Artifact.Digest, ArtifactContent.Sha256(await Http.GetByteArrayAsync(new Uri(second.Status.Artifact.Url), Ct)));
    }
}
