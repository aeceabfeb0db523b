using System.Globalization;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Runtime.Events;
using OciSource.Runtime.Status;
using OciSource.Storage;

namespace OciSource.Controller.Reconciliation;

internal sealed partial class OCIRepositoryReconciler
{
    /// <summary>
    /// Pulls the selected layer of <paramref name="root"/> (already fetched) or else of <paramref name="manifestReference"/>, and stores it under
    /// <c>&lt;digest of the revision&gt;.tar.gz</c>: <c>copy</c> streams the verified blob into the store;
    /// <c>extract</c> (default) unpacks it safely into a temporary directory and archives it deterministically,
    /// honouring <c>spec.ignore</c> and <c>.sourceignore</c>. Nothing partial is ever stored. FetchFailed is deleted
    /// from <paramref name="book"/> as soon as the layer is fetched (Flux: after the fetch, before archiving), so a
    /// failure to archive it afterwards leaves only StorageOperationFailed.
    /// </summary>
    /// <exception cref="ReconcileError">
    /// <c>OCIArtifactPullFailed</c> (manifest or blob, including a blob whose size or digest differs from the
    /// manifest: every blob is read to its end and verified before anything is committed to the store),
    /// <c>OCIArtifactLayerOperationFailed</c> (layer selection, a copied layer over <c>--artifact-max-size</c>,
    /// extraction, including a work directory that cannot be written), or a storage reason (<c>DirectoryCreationFailed</c>, <c>ArchiveOperationFailed</c>).
    /// </exception>
    private async Task<Artifact> PullAndStoreAsync(
        OCIRepository obj, ConditionBook book, RegistryClient client, ManifestContent? root, string manifestReference, string revision, CancellationToken cancellationToken)
    {
        var spec = obj.Spec;
        ResolvedImage image;
        try
        {
            image = root is null
                ? await client.GetImageAsync(manifestReference, Platform.LinuxAmd64, cancellationToken)
                : await client.GetImageAsync(root, Platform.LinuxAmd64, cancellationToken);
        }
        catch (RegistryException e)
        {
            throw ReconcileError.Fetch(Reasons.OciArtifactPullFailed, $"failed to pull artifact from '{spec.Url}': {e.Message}", e);
        }

        var layer = SelectLayer(image.Manifest, spec.LayerSelector?.MediaType);
        var fileName = ArtifactFileName(revision)
            ?? throw ReconcileError.Fetch(Reasons.OciArtifactPullFailed, $"failed to determine artifact digest from revision '{revision}'");
        var key = KeyOf(obj);
        var copy = spec.LayerSelector?.Operation == "copy";
        if (copy && storeOptions.MaxArtifactBytes > 0 && layer.Size > storeOptions.MaxArtifactBytes)
        {
            throw ReconcileError.Fetch(
                Reasons.OciArtifactLayerOperationFailed,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"layer {layer.DigestText} declares {layer.Size} bytes, over the artifact size limit of {storeOptions.MaxArtifactBytes} bytes (--artifact-max-size)"));
        }

        // Copy mode's artifact is the layer itself: a sha256 layer is stored under the digest the blob stream verifies
        // while it is read (not hashed again), and one the store already holds (another object's, an earlier
        // revision's) is re-hashed and linked instead of downloaded, once the object's own registry answered a HEAD
        // for it (so no tenant obtains content it cannot pull itself). Another algorithm is hashed by the store.
        var sha256 = copy && Digest.TryParse(layer.DigestText, out var digest) && digest.Algorithm == Digest.Sha256 ? digest.Hex : null;
        StoredArtifact? stored;
        try
        {
            stored = sha256 is null
                ? null
                : await CopyToStorageAsync(() => store.TryStoreExistingAsync(key, fileName, sha256, layer.Size, ct => RegistryServesAsync(client, layer, ct), cancellationToken));
            if (stored is null)
            {
                await using var blob = await client.OpenBlobAsync(layer, cancellationToken);
                stored = copy
                    ? await CopyToStorageAsync(() => sha256 is null
                        ? store.StoreFileAsync(key, fileName, blob, cancellationToken)
                        : store.StoreVerifiedFileAsync(key, fileName, blob, sha256, layer.Size, cancellationToken))
                    : await StoreExtractedAsync(obj, book, key, fileName, blob, cancellationToken);
            }
        }
        catch (RegistryException e)
        {
            throw ReconcileError.Fetch(Reasons.OciArtifactPullFailed, $"failed to fetch layer {layer.DigestText} from '{spec.Url}': {e.Message}", e);
        }

        return new Artifact
        {
            Path = stored.Path,
            Url = store.Url(stored.Path),
            Revision = revision,
            Digest = stored.Digest,
            Size = stored.Size,
            LastUpdateTime = stored.LastUpdateTime.UtcDateTime,
            Metadata = image.Manifest.Annotations is { Count: > 0 } annotations ? new Dictionary<string, string>(annotations) : null,
        };
    }

    /// <summary>
    /// Flux's up-to-date path (the stored artifact has <paramref name="revision"/> and the content config is unchanged):
    /// FetchFailed and ArtifactOutdated deleted, ArtifactInStorage=True, and the Trace event <c>ArtifactUpToDate</c>
    /// (a Kubernetes Normal event, never forwarded to a notification service).
    /// </summary>
    private void MarkArtifactUpToDate(OCIRepository obj, ConditionBook book, string revision)
    {
        LogArtifactUpToDate(logger, obj.Metadata.NamespaceProperty, obj.Metadata.Name, revision);
        events.Record(obj, EventType.Trace, Reasons.ArtifactUpToDate, "Reconcile", $"artifact up-to-date with remote revision: '{revision}'");
        book.Delete(ConditionTypes.FetchFailed, ConditionTypes.ArtifactOutdated);
        book.Mark(ConditionTypes.ArtifactInStorage, Conditions.True, Reasons.Succeeded, $"stored artifact for digest '{revision}'");
    }

    /// <summary>
    /// The artifact's file name, <c>&lt;digest of the revision&gt;.tar.gz</c> (the part after the last <c>@</c> of
    /// <c>&lt;tag&gt;@&lt;digest&gt;</c>, or the whole digest revision); null when that is not a valid digest.
    /// </summary>
    private static string? ArtifactFileName(string? revision)
    {
        var digest = revision?[(revision.LastIndexOf('@') + 1)..];
        return Digest.TryParse(digest, out var parsed) ? parsed + ".tar.gz" : null;
    }

    /// <summary>
    /// Whether the object's own registry answers a HEAD for <paramref name="layer"/> with its credentials; any refusal
    /// or failure is "not proven" (the download that follows then fails with its own reason if the registry refuses it).
    /// </summary>
    private static async Task<bool> RegistryServesAsync(RegistryClient client, Descriptor layer, CancellationToken cancellationToken)
    {
        try
        {
            return await client.BlobExistsAsync(layer, cancellationToken);
        }
        catch (RegistryException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static Descriptor SelectLayer(ImageManifest manifest, string? mediaType)
    {
        if (manifest.Layers.Count == 0)
        {
            throw ReconcileError.Fetch(Reasons.OciArtifactLayerOperationFailed, "no layers found in artifact");
        }

        return string.IsNullOrEmpty(mediaType)
            ? manifest.Layers[0]
            : manifest.Layers.FirstOrDefault(l => l.MediaType == mediaType)
                ?? throw ReconcileError.Fetch(Reasons.OciArtifactLayerOperationFailed, $"failed to find layer with media type '{mediaType}' in artifact");
    }

    /// <summary>A store operation of copy mode; file-system failures become <c>ArchiveOperationFailed</c>.</summary>
    private static async Task<T> CopyToStorageAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ReconcileError.Storage(Reasons.ArchiveOperationFailed, $"unable to copy artifact to storage: {e.Message}", e);
        }
    }

    private async Task<StoredArtifact> StoreExtractedAsync(OCIRepository obj, ConditionBook book, ArtifactKey key, string fileName, Stream blob, CancellationToken cancellationToken)
    {
        DirectoryInfo work;
        try
        {
            work = store.CreateWorkDirectory();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ReconcileError.Storage(Reasons.DirectoryCreationFailed, $"failed to create temporary working directory: {e.Message}", e);
        }

        try
        {
            try
            {
                await LayerExtractor.ExtractAsync(blob, work.FullName, storeOptions, cancellationToken);
            }
            catch (ExtractionException e)
            {
                if (e.Undecodable)
                {
                    // Tell a corrupted download from a bad layer: reading the rest of the blob verifies its digest
                    // and throws the registry error (reported as OCIArtifactPullFailed) when it does not match.
                    await blob.CopyToAsync(Stream.Null, cancellationToken);
                }

                throw ReconcileError.Fetch(Reasons.OciArtifactLayerOperationFailed, $"failed to extract layer contents from artifact: {e.Message}", e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The work directory could not be written (disk full, read-only store): Flux reports an untar failure so.
                throw ReconcileError.Fetch(Reasons.OciArtifactLayerOperationFailed, $"failed to extract layer contents from artifact: {e.Message}", e);
            }

            book.Delete(ConditionTypes.FetchFailed);
            Func<string, bool, bool> include;
            try
            {
                include = SourceIgnore.LoadFilter(work.FullName, obj.Spec.Ignore);
            }
            catch (IOException e)
            {
                throw new ReconcileError(ConditionTypes.FetchFailed, Reasons.SourceIgnoreError, $"failed to load source ignore patterns from artifact: {e.Message}", innerException: e);
            }

            try
            {
                return await store.StoreArchiveAsync(key, fileName, work.FullName, include, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw ReconcileError.Storage(Reasons.ArchiveOperationFailed, $"unable to archive artifact to storage: {e.Message}", e);
            }
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover is removed when the store next starts.
            }
        }
    }
}
