using System.Text.Json;
using System.Net;
using System.Security.Cryptography;
using k8s;
using k8s.Models;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Testing.Registry;
using OciSource.Testing.Kube;

namespace OciSource.Controller.Tests;

/// <summary>
/// Issue 13, trust boundaries at the controller: copy-mode deduplication needs the tenant's own registry to hold the
/// blob; <c>status.artifact.path</c> never leads the controller outside the object's own directory; an extracted
/// layer is verified against its digest before anything is stored; copy mode's size limit applies before any byte.
/// </summary>
public sealed partial class OCIRepositoryReconcilerTests
{
    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task CopyMode_BlobTheStoreHolds_IsNotLinkedWhenTheObjectsRegistryDoesNotServeIt(HttpStatusCode answer)
    {
        var suffix = ((int)answer).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var layer = await RandomLayerAsync(2048);
        await PushLayerAsync($"ctrl/dedup-owner-{suffix}", "v1", layer);
        await PushLayerAsync($"ctrl/dedup-other-{suffix}", "v1", layer);
        await _controller.ApplyAsync($"owner-{suffix}", CopySpec($"oci://{Registry.Host}/ctrl/dedup-owner-{suffix}"), Ct);
        var owner = await _controller.WaitAsync($"owner-{suffix}", ControllerHost.IsReady, "Ready=True", Ct);
        await using var front = await TamperingFront.StartAsync(Registry, Ct);
        var heads = front.AddFault(HttpMethod.Head, "/blobs/", Fault.Respond(answer), times: int.MaxValue);
        var gets = front.AddFault(HttpMethod.Get, "/blobs/", Fault.Respond(answer), times: int.MaxValue);

        await _controller.ApplyAsync($"other-{suffix}", CopySpec($"oci://{front.Host}/ctrl/dedup-other-{suffix}"), Ct);
        var (obj, failed) = await WaitForFetchFailedAsync(_controller, $"other-{suffix}");

        Assert.Equal(Reasons.OciArtifactPullFailed, failed.Reason);
        Assert.Contains(((int)answer).ToString(System.Globalization.CultureInfo.InvariantCulture), failed.Message, StringComparison.Ordinal);
        Assert.Equal("False", ControllerHost.Condition(obj, ConditionTypes.Ready)!.Status);
        Assert.Null(obj.Status!.Artifact);
        Assert.False(Directory.Exists(Path.Combine(_controller.StoreRoot, "ocirepository", _controller.Namespace, $"other-{suffix}")));
        Assert.True(heads.Applied >= 1);
        Assert.True(gets.Applied >= 1);
        Assert.Equal(owner.Status!.Artifact!.Digest, ArtifactContent.Sha256(await Http.GetByteArrayAsync(new Uri(owner.Status.Artifact.Url), Ct)));
    }

    [Fact]
    public async Task CopyMode_BlobTheStoreHolds_IsLinkedAfterOneHeadAtTheObjectsRegistryWithoutDownload()
    {
        var layer = await RandomLayerAsync(2048);
        await PushLayerAsync("ctrl/dedup-first", "v1", layer);
        await PushLayerAsync("ctrl/dedup-second", "v1", layer);
        await _controller.ApplyAsync("dedup-first", CopySpec($"oci://{Registry.Host}/ctrl/dedup-first"), Ct);
        var first = await _controller.WaitAsync("dedup-first", ControllerHost.IsReady, "Ready=True", Ct);
        await using var front = await TamperingFront.StartAsync(Registry, Ct);

        await _controller.ApplyAsync("dedup-second", CopySpec($"oci://{front.Host}/ctrl/dedup-second"), Ct);
        var second = await _controller.WaitAsync("dedup-second", ControllerHost.IsReady, "Ready=True", Ct);

        Assert.Equal(first.Status!.Artifact!.Digest, second.Status!.Artifact!.Digest);
        var blobRequests = front.Requests.Where(r => r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal)).ToList();
        var head = Assert.Single(blobRequests);
        Assert.Equal(("HEAD", 200), (head.Method, head.Status));
        Assert.EndsWith(first.Status.Artifact.Digest, head.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(second.Status.Artifact.Digest, ArtifactContent.Sha256(await Http.GetByteArrayAsync(new Uri(second.Status.Artifact.Url), Ct)));
    }

    [Fact]
    public async Task StatusPathPatchedToAnotherObjectsPath_IsNotTrusted_TheOtherObjectKeepsItsFilesAndServing()
    {
        await PushManifestsAsync("ctrl/victim", "v1", new Dictionary<string, string> { ["a.yaml"] = "victim" });
        await PushManifestsAsync("ctrl/patcher", "v1", new Dictionary<string, string> { ["a.yaml"] = "patcher" });
        await _controller.ApplyAsync("victim", Spec("ctrl/victim", new OCIRepositoryRef { Tag = "v1" }), Ct);
        await _controller.ApplyAsync("patcher", Spec("ctrl/patcher", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var victim = (await _controller.WaitAsync("victim", ControllerHost.IsReady, "Ready=True", Ct)).Status!.Artifact!;
        var patcher = (await _controller.WaitAsync("patcher", ControllerHost.IsReady, "Ready=True", Ct)).Status!.Artifact!;
        var victimLink = Path.Combine(_controller.StoreRoot, victim.Path);
        var victimBlob = new FileInfo(victimLink).ResolveLinkTarget(returnFinalTarget: true)!.FullName;

        await _controller.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(JsonSerializer.Serialize(new { status = new { artifact = new { path = victim.Path } } }, TestJson.Options), V1Patch.PatchType.MergePatch),
            SourceApi.Group, OCIRepository.Version, _controller.Namespace, SourceApi.Plural, "patcher", cancellationToken: Ct);
        await RequestReconcileAsync("patcher", "after-path-patch");
        var rebuilt = await _controller.WaitAsync(
            "patcher", o => o.Status?.LastHandledReconcileAt == "after-path-patch" && ControllerHost.IsReady(o), "the patched object reconciled", Ct);

        Assert.True(File.Exists(victimLink), "the victim's link was deleted");
        Assert.True(File.Exists(victimBlob), "the victim's blob was deleted");
        Assert.Equal(victim.Digest, ArtifactContent.Sha256(await Http.GetByteArrayAsync(new Uri(victim.Url), Ct)));
        Assert.Equal(patcher.Path, rebuilt.Status!.Artifact!.Path);
        Assert.Equal(patcher.Digest, ArtifactContent.Sha256(await Http.GetByteArrayAsync(new Uri(rebuilt.Status.Artifact.Url), Ct)));
    }

    [Fact]
    public async Task ExtractMode_AnotherValidTarGzPaddedToTheDeclaredSize_FailsWithDigestMismatchAndStoresNothing()
    {
        await PushManifestsAsync("ctrl/swapped", "v1", new Dictionary<string, string> { ["a.yaml"] = "one" });
        await using var front = await TamperingFront.StartAsync(Registry, Ct);
        await _controller.ApplyAsync("swapped", Spec("ctrl/swapped", new OCIRepositoryRef { Tag = "v1" }) with { Url = $"oci://{front.Host}/ctrl/swapped" }, Ct);
        var before = await _controller.WaitAsync("swapped", ControllerHost.IsReady, "Ready=True", Ct);
        var blobs = BlobCount();
        await PushManifestsAsync(
            "ctrl/swapped", "v1", new Dictionary<string, string> { ["a.yaml"] = "two", ["pad.txt"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(8192)) });
        var evil = Path.Combine(_work, "evil.tar.gz");
        await ArtifactContent.WriteTarGzAsync(evil, new Dictionary<string, string> { ["a.yaml"] = "evil" }, Ct);
        var swaps = front.AddFault(HttpMethod.Get, "/blobs/", Fault.ReplaceBody(await File.ReadAllBytesAsync(evil, Ct)), times: int.MaxValue);

        await RequestReconcileAsync("swapped", "swapped");
        var after = await _controller.WaitAsync(
            "swapped",
            o => o.Status?.LastHandledReconcileAt == "swapped" && ControllerHost.Condition(o, ConditionTypes.Ready)?.Reason != Reasons.Progressing,
            "the reconcile of the swapped blob",
            Ct);

        var failed = ControllerHost.Condition(after, ConditionTypes.FetchFailed);
        Assert.NotNull(failed);
        Assert.Equal(Reasons.OciArtifactPullFailed, failed.Reason);
        Assert.Contains("digest", failed.Message, StringComparison.Ordinal);
        Assert.Equal("False", ControllerHost.Condition(after, ConditionTypes.Ready)!.Status);
        Assert.True(swaps.Applied >= 1);
        Assert.Equal((before.Status!.Artifact!.Path, before.Status.Artifact.Digest), (after.Status!.Artifact!.Path, after.Status.Artifact.Digest));
        var served = await Http.GetByteArrayAsync(new Uri(before.Status.Artifact.Url), Ct);
        Assert.Equal("one", (await ArtifactContent.ReadTarGzAsync(served, Ct))["a.yaml"]);
        Assert.Equal(blobs, BlobCount());
    }

    [Fact]
    public async Task CopyMode_LayerOverArtifactMaxSize_FailsBeforeAnyByteIsRead()
    {
        await using var limited = await ControllerHost.StartAsync(kube, Ct, "--artifact-max-size=1024");
        var layer = await RandomLayerAsync(4096);
        var size = new FileInfo(layer).Length;
        await PushLayerAsync("ctrl/oversized", "v1", layer);
        await using var front = await TamperingFront.StartAsync(Registry, Ct);

        await limited.ApplyAsync("oversized", CopySpec($"oci://{front.Host}/ctrl/oversized"), Ct);
        var (obj, failed) = await WaitForFetchFailedAsync(limited, "oversized");

        Assert.Equal(Reasons.OciArtifactLayerOperationFailed, failed.Reason);
        Assert.Contains(size.ToString(System.Globalization.CultureInfo.InvariantCulture), failed.Message, StringComparison.Ordinal);
        Assert.Contains("1024", failed.Message, StringComparison.Ordinal);
        Assert.Null(obj.Status!.Artifact);
        Assert.DoesNotContain(front.Requests, r => r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(limited.StoreRoot, "ocirepository", limited.Namespace, "oversized")));
    }

    private static OCIRepositorySpec CopySpec(string url) =>
        new()
        {
            Url = url,
            Interval = "10m",
            Reference = new OCIRepositoryRef { Tag = "v1" },
            LayerSelector = new OCILayerSelector { MediaType = FluxContent, Operation = "copy" },
        };

    /// <summary>A tar.gz of one file of <paramref name="bytes"/> random bytes (so it does not compress), in the work directory.</summary>
    private async Task<string> RandomLayerAsync(int bytes)
    {
        var layer = Path.Combine(_work, $"{Guid.NewGuid():N}.tar.gz");
        await ArtifactContent.WriteTarGzAsync(layer, new Dictionary<string, string> { ["random.txt"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)) }, Ct);
        return layer;
    }
}
