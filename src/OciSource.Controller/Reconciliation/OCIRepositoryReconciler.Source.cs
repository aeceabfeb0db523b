using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Controller.Verification;
using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;
using OciSource.Distribution.Versioning;
using OciSource.Runtime.Events;
using OciSource.Runtime.Status;

namespace OciSource.Controller.Reconciliation;

internal sealed partial class OCIRepositoryReconciler
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The source and artifact steps (Flux's reconcileSource + reconcileArtifact), in Flux's order: credentials, proxy,
    /// provider and TLS (<see cref="SourceCredentials"/>; a missing <c>secretRef</c> also records Flux's Trace event
    /// <c>auth secret '&lt;name&gt;' not found</c>), then the URL, then the revision (digest &gt; semver &gt; tag, default <c>latest</c>), the verify step (<see cref="VerifyRevisionAsync"/>), nothing more when the stored
    /// artifact has that revision and the content config is unchanged; else the manifest (an index resolved to
    /// linux/amd64), the layer (first, or by media type), stored by copy or by extract + archive. A new revision is
    /// written as progress (and as ArtifactOutdated when an artifact exists) before the pull starts.
    /// Sets FetchFailed/StorageOperationFailed through <see cref="ReconcileError"/>; on success deletes them and
    /// ArtifactOutdated and sets ArtifactInStorage. As Flux, <c>spec.timeout</c> bounds only the cloud provider step and verification here; tag
    /// listing, manifests, the blob download and extraction run under <paramref name="cancellationToken"/>, bounded by
    /// the transport's connect and read idle timeouts and the size limits.
    /// </summary>
    private async Task<OCIRepositoryStatus> ReconcileSourceAsync(
        OCIRepository obj, OCIRepositoryStatus status, ConditionBook book, StatusWriter writer, CancellationToken cancellationToken)
    {
        var spec = obj.Spec;
        ForgetFailedVerification(book);
        var (credentialStore, transport) = await credentials.LoadAsync(
            obj,
            secretName => events.Record(obj, EventType.Trace, Reasons.AuthenticationFailed, "Reconcile", $"auth secret '{secretName}' not found"),
            Timeout(spec),
            cancellationToken);
        using var certificates = new CertificateOwner(transport);
        RepositoryReference repository;
        try
        {
            repository = RepositoryReference.ParseOciUrl(spec.Url);
        }
        catch (InvalidReferenceException e)
        {
            throw new ReconcileError(ConditionTypes.FetchFailed, Reasons.UrlInvalid, $"URL validation failed for '{spec.Url}': {e.Message}", stalling: true, e);
        }

        using var client = registries.Create(
            repository, new RegistryClientOptions { Credentials = credentialStore, Transport = transport, UserAgent = options.UserAgent });
        // When the artifact will be pulled whatever the revision, the manifest is fetched at once instead of HEAD + GET.
        var pullAnyway = status.Artifact is null || ContentConfigChanged(spec, status);
        var (revision, manifestReference, displayReference, root) = await ResolveRevisionAsync(client, spec, repository, pullAnyway, cancellationToken);
        if (status.Artifact?.Revision != revision)
        {
            var message = $"new revision '{revision}' for '{displayReference}'";
            if (status.Artifact is not null)
            {
                book.Mark(ConditionTypes.ArtifactOutdated, Conditions.True, Reasons.NewRevision, message);
            }

            book.MarkProgress("building artifact: " + message, drift: true);
            await writer.WriteProgressAsync(status with { Conditions = book.ToApi() }, cancellationToken);
        }

        await VerifyRevisionAsync(obj, status, book, new VerificationSubject(client, repository, Digest.Parse(manifestReference)), revision, cancellationToken);
        if (!pullAnyway && status.Artifact!.Revision == revision)
        {
            MarkArtifactUpToDate(obj, book, revision);
            return status;
        }

        var stored = await PullAndStoreAsync(obj, book, client, root, manifestReference, revision, cancellationToken);
        book.Delete(ConditionTypes.FetchFailed, ConditionTypes.ArtifactOutdated, ConditionTypes.StorageOperationFailed);
        book.Mark(ConditionTypes.ArtifactInStorage, Conditions.True, Reasons.Succeeded, $"stored artifact for digest '{revision}'");
        return status with
        {
            Artifact = stored,
            Url = store.LatestUrl(KeyOf(obj)),
            ObservedIgnore = spec.Ignore,
            ObservedLayerSelector = spec.LayerSelector,
        };
    }

    /// <summary><c>spec.timeout</c> (default 60s): as Flux, the bound of signature verification (and of cloud authentication, once providers land), not of the pull.</summary>
    private static TimeSpan Timeout(OCIRepositorySpec spec) => DurationOr(spec.Timeout, DefaultTimeout);

    /// <summary>Flux's ociContentConfigChanged: ignore (as strings) or the layer selector (nil ≠ empty) differ.</summary>
    private static bool ContentConfigChanged(OCIRepositorySpec spec, OCIRepositoryStatus status) =>
        spec.Ignore != status.ObservedIgnore || !Equals(spec.LayerSelector, status.ObservedLayerSelector);

    /// <summary>
    /// The revision the spec selects (digest, else the highest tag matching the semver range, else the tag, default
    /// <c>latest</c>) and, for a tag with <paramref name="fetchManifest"/>, its manifest fetched by GET instead of
    /// resolved by HEAD (null otherwise). Fails with ReadOperationFailed when no tag is selected and OCIArtifactPullFailed
    /// when the digest cannot be determined or the fetched manifest is unusable (too large, wrong digest, not a manifest).
    /// </summary>
    private static async Task<(string Revision, string ManifestReference, string Display, ManifestContent? Root)> ResolveRevisionAsync(
        RegistryClient client, OCIRepositorySpec spec, RepositoryReference repository, bool fetchManifest, CancellationToken cancellationToken)
    {
        var reference = spec.Reference;
        if (!string.IsNullOrEmpty(reference?.Digest))
        {
            return ContainerRegistryHash.Validate(reference.Digest) is { } invalid
                ? throw ReconcileError.Fetch(Reasons.OciArtifactPullFailed, $"failed to determine artifact digest: {invalid}")
                : (reference.Digest, reference.Digest, $"{repository}@{reference.Digest}", null);
        }

        var tag = reference?.Tag is { Length: > 0 } t ? t : "latest";
        if (!string.IsNullOrEmpty(reference?.SemVer))
        {
            try
            {
                var tags = await client.ListTagsAsync(cancellationToken);
                var helm = spec.LayerSelector?.MediaType == SourceApi.HelmChartLayerMediaType;
                tag = SemverTagSelector.SelectHighest(tags, reference.SemVer, reference.SemverFilter, helm);
            }
            catch (Exception e) when (e is RegistryException or FormatException or NoMatchingTagException)
            {
                throw ReconcileError.Fetch(Reasons.ReadOperationFailed, $"failed to determine the artifact tag for '{spec.Url}': {e.Message}", e);
            }
        }

        try
        {
            var root = fetchManifest ? await client.GetManifestAsync(tag, cancellationToken) : null;
            var descriptor = root?.Descriptor ?? await client.ResolveAsync(tag, cancellationToken);
            return ($"{tag}@{descriptor.DigestText}", descriptor.DigestText, $"{repository}:{tag}", root);
        }
        catch (RegistryException e) when (e is ContentTooLargeException or DigestMismatchException or UnsupportedManifestException)
        {
            // What Flux's HEAD could not see: its GET of the manifest fails with the same message.
            throw ReconcileError.Fetch(Reasons.OciArtifactPullFailed, $"failed to pull artifact from '{spec.Url}': {e.Message}", e);
        }
        catch (RegistryException e)
        {
            throw ReconcileError.Fetch(Reasons.OciArtifactPullFailed, $"failed to determine artifact digest: {e.Message}", e);
        }
    }
}
