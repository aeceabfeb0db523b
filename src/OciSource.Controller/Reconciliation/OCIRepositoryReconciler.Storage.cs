using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Runtime.Events;
using OciSource.Storage;

namespace OciSource.Controller.Reconciliation;

internal sealed partial class OCIRepositoryReconciler
{
    private static readonly TimeSpan GarbageCollectionTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The storage step (Flux's reconcileStorage): a recorded artifact must still be in the store and hash to its
    /// digest, else it is forgotten (<c>status.artifact</c> and <c>status.url</c> cleared, ArtifactInStorage
    /// deleted, Reconciling and Ready "building artifact: disappeared from storage", written as progress; a file that is
    /// there but fails the check is deleted and recorded as Flux's Warning event <c>ArtifactVerificationFailed</c>) and rebuilt by the
    /// next steps; no artifact at all is the progress "building artifact". Old files are garbage
    /// collected (errors ignored, 5 s bound); URLs are refreshed to the current advertised address. A recorded path
    /// other than the one derived from the object's namespace/name and its revision's digest is treated as no artifact
    /// (nothing in the store is touched for it).
    /// </summary>
    private async Task<OCIRepositoryStatus> ReconcileStorageAsync(
        OCIRepository obj, OCIRepositoryStatus status, ConditionBook book, StatusWriter writer, CancellationToken cancellationToken)
    {
        if (status.Artifact is not { } artifact)
        {
            return await ReportMissingArtifactAsync(status, book, writer, "building artifact", cancellationToken);
        }

        // The recorded path is status text: only the path derived from the object's key and its revision's digest is
        // trusted, so a patched status cannot make the store verify (and delete) another object's files.
        if (ArtifactFileName(artifact.Revision) is not { } fileName || artifact.Path != ArtifactStore.ArtifactPath(KeyOf(obj), fileName))
        {
            LogForeignArtifactPath(logger, obj.Metadata.NamespaceProperty, obj.Metadata.Name, artifact.Path);
            return await ReportMissingArtifactAsync(status with { Artifact = null, Url = null }, book, writer, "building artifact", cancellationToken);
        }

        var stored = new StoredArtifact(artifact.Path, artifact.Digest ?? string.Empty, artifact.Size ?? 0, artifact.LastUpdateTime);
        var integrity = await store.CheckAsync(KeyOf(obj), stored, cancellationToken);
        if (integrity == ArtifactIntegrity.Corrupt)
        {
            events.Record(obj, EventType.Warning, Reasons.ArtifactVerificationFailed, "Reconcile", $"failed to verify integrity of artifact: {IntegrityFailure(artifact)}");
        }

        if (integrity != ArtifactIntegrity.Intact)
        {
            return await ReportMissingArtifactAsync(
                status with { Artifact = null, Url = null }, book, writer, "building artifact: disappeared from storage", cancellationToken);
        }

        using (var gc = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            gc.CancelAfter(GarbageCollectionTimeout);
            try
            {
                var collected = await store.CollectGarbageAsync(KeyOf(obj), artifact.Path, gc.Token);
                if (collected > 0)
                {
                    events.Record(obj, EventType.Trace, Reasons.GarbageCollectionSucceeded, "Reconcile", $"garbage collected {collected} artifacts");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                LogGarbageCollectionFailed(logger, obj.Metadata.NamespaceProperty, obj.Metadata.Name, e.Message);
            }
        }

        return status with
        {
            Artifact = artifact with { Url = store.Url(artifact.Path) },
            Url = store.LatestUrl(KeyOf(obj)),
        };
    }

    /// <summary>Why Flux's <c>VerifyArtifact</c> refused <paramref name="artifact"/>: no digest recorded, or a file that hashes to another.</summary>
    private static string IntegrityFailure(Artifact artifact) =>
        string.IsNullOrEmpty(artifact.Digest) ? "artifact has no digest" : $"computed digest doesn't match '{artifact.Digest}'";

    /// <summary>Flux's "no artifact" drift: ArtifactInStorage removed, Reconciling and Ready progressing with <paramref name="message"/>, written as progress.</summary>
    private static async Task<OCIRepositoryStatus> ReportMissingArtifactAsync(
        OCIRepositoryStatus status, ConditionBook book, StatusWriter writer, string message, CancellationToken cancellationToken)
    {
        book.Delete(ConditionTypes.ArtifactInStorage);
        book.MarkProgress(message, drift: true);
        await writer.WriteProgressAsync(status with { Conditions = book.ToApi() }, cancellationToken);
        return status;
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "{Namespace}/{Name}: status.artifact.path '{Path}' is not the object's own artifact path; treated as no artifact")]
    private static partial void LogForeignArtifactPath(Microsoft.Extensions.Logging.ILogger logger, string @namespace, string name, string path);

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "Garbage collection of {Namespace}/{Name} failed (ignored): {Reason}")]
    private static partial void LogGarbageCollectionFailed(Microsoft.Extensions.Logging.ILogger logger, string @namespace, string name, string reason);
}
