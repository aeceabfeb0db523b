using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Testing.Registry;

namespace OciSource.Controller.Tests;

/// <summary>
/// Issue 15, points 1, 2, 6 (ArtifactUpToDate, ArtifactVerificationFailed) and 15: what Flux's status housekeeping
/// and events look like to a consumer (helm-controller's observedGeneration check, kstatus, <c>flux get</c>, alerts).
/// </summary>
public sealed partial class OCIRepositoryReconcilerTests
{
    [Fact]
    public async Task Suspend_WritesObservedGenerationAndLastHandledReconcileAt_KeepsReadyAndSendsNoRegistryRequest()
    {
        await PushManifestsAsync("ctrl/suspend-status", "v1", new Dictionary<string, string> { ["a.yaml"] = "one" });
        await using var front = await TamperingFront.StartAsync(Registry, Ct);
        await _controller.ApplyAsync("suspend-status", Spec("ctrl/suspend-status", new OCIRepositoryRef { Tag = "v1" }) with { Url = $"oci://{front.Host}/ctrl/suspend-status" }, Ct);
        var before = await _controller.WaitAsync("suspend-status", ControllerHost.IsReady, "Ready=True", Ct);
        await _controller.WaitIdleAsync(Ct);
        front.ClearRequests();
        await using var watch = await StatusWatch.StartAsync(_controller, Ct);

        await PatchSpecAsync("suspend-status", new
        {
            metadata = new { annotations = new Dictionary<string, string> { [SourceApi.ReconcileRequestAnnotation] = "while-suspended" } },
            spec = new { suspend = true },
        });
        await watch.WaitSeenAsync(
            "suspend-status",
            o => o.Spec.Suspend && o.Status?.ObservedGeneration == o.Metadata.Generation && o.Status?.LastHandledReconcileAt == "while-suspended",
            Ct);
        await _controller.WaitIdleAsync(Ct);

        var suspended = await _controller.GetAsync("suspend-status", Ct);
        Assert.Equal(before.Metadata.Generation + 1, suspended.Metadata.Generation);
        Assert.Equal(suspended.Metadata.Generation, suspended.Status!.ObservedGeneration);
        var (readyBefore, readyAfter) = (ControllerHost.Condition(before, ConditionTypes.Ready)!, ControllerHost.Condition(suspended, ConditionTypes.Ready)!);
        Assert.Equal(
            (readyBefore.Status, readyBefore.Reason, readyBefore.Message, readyBefore.LastTransitionTime),
            (readyAfter.Status, readyAfter.Reason, readyAfter.Message, readyAfter.LastTransitionTime));
        Assert.Null(ControllerHost.Condition(suspended, ConditionTypes.Reconciling));
        Assert.Equal(before.Status!.Artifact!.Digest, suspended.Status.Artifact!.Digest);
        Assert.DoesNotContain(front.Requests, r => r.PathAndQuery.StartsWith("/v2/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailedNewRevisionRevertedInTheRegistry_IsReadyWithoutArtifactOutdatedOrFetchFailed()
    {
        var good = await PushManifestsAsync("ctrl/reverted", "v1", new Dictionary<string, string> { ["a.yaml"] = "one" });
        await _controller.ApplyAsync("reverted", Spec("ctrl/reverted", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var before = await _controller.WaitAsync("reverted", ControllerHost.IsReady, "Ready=True", Ct);
        await PushLayerAsync("ctrl/reverted", "v1", await ParentPathLayerAsync());

        await RequestReconcileAsync("reverted", "bad-revision");
        var failed = await _controller.WaitAsync(
            "reverted", o => o.Status?.LastHandledReconcileAt == "bad-revision" && ControllerHost.Condition(o, ConditionTypes.FetchFailed) is not null, "the failed new revision", Ct);
        Assert.Equal(Reasons.OciArtifactLayerOperationFailed, ControllerHost.Condition(failed, ConditionTypes.FetchFailed)!.Reason);
        Assert.Equal(("True", Reasons.NewRevision), (ControllerHost.Condition(failed, ConditionTypes.ArtifactOutdated)!.Status, ControllerHost.Condition(failed, ConditionTypes.ArtifactOutdated)!.Reason));
        await RetagAsync("ctrl/reverted", good, "v1");

        await RequestReconcileAsync("reverted", "reverted");
        var after = await _controller.WaitAsync(
            "reverted", o => o.Status?.LastHandledReconcileAt == "reverted" && ControllerHost.IsReady(o), "Ready=True after the revert", Ct);

        Assert.Equal(before.Status!.Artifact!.Digest, after.Status!.Artifact!.Digest);
        Assert.Null(ControllerHost.Condition(after, ConditionTypes.ArtifactOutdated));
        Assert.Null(ControllerHost.Condition(after, ConditionTypes.FetchFailed));
        Assert.Equal(("True", $"stored artifact for digest 'v1@{good}'"), (ControllerHost.Condition(after, ConditionTypes.ArtifactInStorage)!.Status, ControllerHost.Condition(after, ConditionTypes.ArtifactInStorage)!.Message));
    }

    [Fact]
    public async Task StorageFailureOnANewRevisionRevertedInTheRegistry_IsReadyWithoutStorageOperationFailed()
    {
        var good = await PushManifestsAsync("ctrl/unstored", "v1", new Dictionary<string, string> { ["a.yaml"] = "one" });
        await _controller.ApplyAsync("unstored", Spec("ctrl/unstored", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var before = await _controller.WaitAsync("unstored", ControllerHost.IsReady, "Ready=True", Ct);
        await PushManifestsAsync("ctrl/unstored", "v1", new Dictionary<string, string> { ["a.yaml"] = "two" });
        // The store's work area turned into a file: no work directory can be created (whoever runs the test). It stays
        // so until the end: the revert must clear the failure without any storage work.
        var workArea = Path.Combine(_controller.StoreRoot, ".tmp");
        Directory.Delete(workArea, recursive: true);
        await File.WriteAllTextAsync(workArea, "not a directory", Ct);
        OCIRepository after;
        try
        {
            await RequestReconcileAsync("unstored", "store-broken");
            var failed = await _controller.WaitAsync(
                "unstored",
                o => o.Status?.LastHandledReconcileAt == "store-broken" && ControllerHost.Condition(o, ConditionTypes.StorageOperationFailed) is not null,
                "the storage failure",
                Ct);
            Assert.Equal(Reasons.DirectoryCreationFailed, ControllerHost.Condition(failed, ConditionTypes.StorageOperationFailed)!.Reason);
            Assert.Equal("True", ControllerHost.Condition(failed, ConditionTypes.ArtifactOutdated)!.Status);
            await RetagAsync("ctrl/unstored", good, "v1");

            await RequestReconcileAsync("unstored", "reverted");
            after = await _controller.WaitAsync(
                "unstored", o => o.Status?.LastHandledReconcileAt == "reverted" && ControllerHost.IsReady(o), "Ready=True after the revert", Ct);
        }
        finally
        {
            File.Delete(workArea);
            Directory.CreateDirectory(workArea);
        }

        Assert.Equal(before.Status!.Artifact!.Digest, after.Status!.Artifact!.Digest);
        Assert.Null(ControllerHost.Condition(after, ConditionTypes.StorageOperationFailed));
        Assert.Null(ControllerHost.Condition(after, ConditionTypes.ArtifactOutdated));
        Assert.Null(ControllerHost.Condition(after, ConditionTypes.FetchFailed));
    }

    [Fact]
    public async Task FetchFailedThenAFetchThatSucceedsButCannotBeStored_LeavesOnlyStorageOperationFailed()
    {
        await PushLayerAsync("ctrl/fetched", "v1", await ParentPathLayerAsync());
        await _controller.ApplyAsync("fetched", Spec("ctrl/fetched", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var (_, fetchFailed) = await WaitForFetchFailedAsync(_controller, "fetched");
        Assert.Equal(Reasons.OciArtifactLayerOperationFailed, fetchFailed.Reason);
        // The object's store directory is a file: the archive of a well fetched and extracted layer cannot be committed.
        // (Made before the good revision is pushed: the retries of the failure run meanwhile.)
        var objectDirectory = Path.Combine(_controller.StoreRoot, "ocirepository", _controller.Namespace, "fetched");
        Directory.CreateDirectory(Path.GetDirectoryName(objectDirectory)!);
        await File.WriteAllTextAsync(objectDirectory, "not a directory", Ct);
        try
        {
            await PushManifestsAsync("ctrl/fetched", "v1", new Dictionary<string, string> { ["a.yaml"] = "fine" });
            await RequestReconcileAsync("fetched", "unstorable");
            var failed = await _controller.WaitAsync(
                "fetched",
                o => o.Status?.LastHandledReconcileAt == "unstorable" && ControllerHost.Condition(o, ConditionTypes.StorageOperationFailed) is not null,
                "the storage failure",
                Ct);

            Assert.Equal(Reasons.ArchiveOperationFailed, ControllerHost.Condition(failed, ConditionTypes.StorageOperationFailed)!.Reason);
            Assert.Null(ControllerHost.Condition(failed, ConditionTypes.FetchFailed));
            Assert.Equal(("False", Reasons.ArchiveOperationFailed), (ControllerHost.Condition(failed, ConditionTypes.Ready)!.Status, ControllerHost.Condition(failed, ConditionTypes.Ready)!.Reason));
        }
        finally
        {
            File.Delete(objectDirectory);
        }

        await RequestReconcileAsync("fetched", "storable");
        var after = await _controller.WaitAsync(
            "fetched", o => o.Status?.LastHandledReconcileAt == "storable" && ControllerHost.IsReady(o), "Ready=True once the store takes it", Ct);
        Assert.Null(ControllerHost.Condition(after, ConditionTypes.StorageOperationFailed));
        Assert.Null(ControllerHost.Condition(after, ConditionTypes.FetchFailed));
    }

    [Fact]
    public async Task NewRequestedAtOnAFailingSource_ReconcilingSaysReconciliationInProgress_ThenProgressingWithRetry()
    {
        await using var flux = await ControllerHost.StartAsync(kube, Ct, FluxProgress);
        await PushManifestsAsync("ctrl/requested", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        await using var front = await TamperingFront.StartAsync(Registry, Ct);
        await flux.ApplyAsync("requested", Spec("ctrl/requested", new OCIRepositoryRef { Tag = "v1" }) with { Url = $"oci://{front.Host}/ctrl/requested" }, Ct);
        await flux.WaitAsync("requested", ControllerHost.IsReady, "Ready=True", Ct);
        front.AddFault(HttpMethod.Head, "/manifests/", Fault.Respond(HttpStatusCode.InternalServerError), times: int.MaxValue);
        front.AddFault(HttpMethod.Get, "/manifests/", Fault.Respond(HttpStatusCode.InternalServerError), times: int.MaxValue);
        await using var watch = await StatusWatch.StartAsync(flux, Ct);

        await RequestReconcileAsync("requested", "now", flux);
        var failed = await flux.WaitAsync(
            "requested", o => o.Status?.LastHandledReconcileAt == "now" && ControllerHost.Condition(o, ConditionTypes.FetchFailed) is not null, "the failed requested reconcile", Ct);
        await watch.WaitSeenAsync("requested", o => o.Status?.LastHandledReconcileAt == "now" && ControllerHost.Condition(o, ConditionTypes.FetchFailed) is not null, Ct);

        var progress = watch.Seen("requested")
            .Select(o => ControllerHost.Condition(o, ConditionTypes.Reconciling))
            .OfType<k8s.Models.V1Condition>()
            .First(c => c.Status == "True");
        Assert.Equal((Reasons.Progressing, "reconciliation in progress"), (progress.Reason, progress.Message));
        var retry = ControllerHost.Condition(failed, ConditionTypes.Reconciling)!;
        Assert.Equal(("True", Reasons.ProgressingWithRetry, "reconciliation in progress"), (retry.Status, retry.Reason, retry.Message));
        Assert.Equal("False", ControllerHost.Condition(failed, ConditionTypes.Ready)!.Status);
    }

    [Fact]
    public async Task NewObject_WithFluxProgress_ReadyUnknownCarriesTheProgressMessage()
    {
        await using var flux = await ControllerHost.StartAsync(kube, Ct, FluxProgress);
        await PushManifestsAsync("ctrl/first-progress", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        await using var watch = await StatusWatch.StartAsync(flux, Ct);

        await flux.ApplyAsync("first-progress", Spec("ctrl/first-progress", new OCIRepositoryRef { Tag = "v1" }), Ct);
        await watch.WaitSeenAsync("first-progress", ControllerHost.IsReady, Ct);

        // Flux's ProgressiveStatus gives Ready=Unknown the progress message while Ready is absent or Unknown.
        var ready = watch.Conditions("first-progress", ConditionTypes.Ready);
        Assert.Equal($"Unknown {Reasons.Progressing}: processing object: new generation -1 -> 1", ready[0]);
        Assert.Contains($"Unknown {Reasons.Progressing}: building artifact", ready);
    }

    [Fact]
    public async Task UnchangedRevision_RecordsFluxsArtifactUpToDateTraceAsANormalEvent()
    {
        var digest = await PushManifestsAsync("ctrl/uptodate", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        await _controller.ApplyAsync("uptodate", Spec("ctrl/uptodate", new OCIRepositoryRef { Tag = "v1" }), Ct);
        await _controller.WaitAsync("uptodate", ControllerHost.IsReady, "Ready=True", Ct);

        await RequestReconcileAsync("uptodate", "again");
        await _controller.WaitAsync("uptodate", o => o.Status?.LastHandledReconcileAt == "again", "the unchanged reconcile", Ct);

        var recorded = await WaitForEventAsync("uptodate", Reasons.ArtifactUpToDate);
        Assert.Equal("Normal", recorded.Type);
        Assert.Equal($"artifact up-to-date with remote revision: 'v1@{digest}'", recorded.Note);
    }

    [Fact]
    public async Task StoredArtifactFailingItsIntegrityCheck_IsAWarningArtifactVerificationFailedAndIsRebuilt()
    {
        await PushManifestsAsync("ctrl/integrity", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        await _controller.ApplyAsync("integrity", Spec("ctrl/integrity", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var ready = await _controller.WaitAsync("integrity", ControllerHost.IsReady, "Ready=True", Ct);
        var blob = new FileInfo(Path.Combine(_controller.StoreRoot, ready.Status!.Artifact!.Path)).ResolveLinkTarget(returnFinalTarget: true)!.FullName;
        await File.WriteAllTextAsync(blob, "tampered on disk", Ct);

        await RequestReconcileAsync("integrity", "after-tampering");
        var rebuilt = await _controller.WaitAsync(
            "integrity", o => o.Status?.LastHandledReconcileAt == "after-tampering" && ControllerHost.IsReady(o), "the rebuilt artifact", Ct);

        var warning = await WaitForEventAsync("integrity", Reasons.ArtifactVerificationFailed);
        Assert.Equal("Warning", warning.Type);
        Assert.Equal($"failed to verify integrity of artifact: computed digest doesn't match '{ready.Status.Artifact.Digest}'", warning.Note);
        Assert.Equal(ready.Status.Artifact.Digest, ArtifactContent.Sha256(await Http.GetByteArrayAsync(new Uri(rebuilt.Status!.Artifact!.Url), Ct)));
    }

    /// <summary>Points <paramref name="tag"/> of <paramref name="repository"/> back at the manifest <paramref name="digest"/> (oras tag).</summary>
    private async Task RetagAsync(string repository, string digest, string tag) =>
        await registry.Tools.RunAsync(registry.Tools.Oras, ["tag", $"{Registry.Host}/{repository}@{digest}", tag, "--plain-http"], Ct, workingDirectory: _work);

    /// <summary>A tar.gz whose only entry escapes the extraction directory (<c>../evil.yaml</c>): OCIArtifactLayerOperationFailed.</summary>
    private async Task<string> ParentPathLayerAsync()
    {
        var layer = Path.Combine(_work, $"{Guid.NewGuid():N}.tar.gz");
        await using (var file = File.Create(layer))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "../evil.yaml") { DataStream = new MemoryStream("x"u8.ToArray()) }, Ct);
        }

        return layer;
    }
}
