using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.Referrers;

namespace OciSource.Verification.Cosign;

/// <summary>
/// Finds cosign v3 Sigstore bundles attached to an artifact as referrers (tag schema on registries without the
/// referrers API) and returns their bytes, bounded, for the Sigstore bundle verifier.
/// </summary>
public sealed class CosignBundleFinder
{
    /// <summary>Artifact type of cosign 3's bundle referrers.</summary>
    public const string BundleArtifactType = "application/vnd.dev.sigstore.bundle.v0.3+json";

    /// <summary>The OCI empty descriptor's media type.</summary>
    public const string EmptyConfigMediaType = "application/vnd.oci.empty.v1+json";

    /// <summary>Largest bundle read.</summary>
    public const int MaxBundleBytes = 1024 * 1024;

    private readonly IManifestFetcher _manifests;
    private readonly IBlobFetcher _blobs;
    private readonly TagSchemaReferrers _referrers;

    public CosignBundleFinder(IManifestFetcher manifests, IBlobFetcher blobs)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(blobs);
        _manifests = manifests;
        _blobs = blobs;
        _referrers = new TagSchemaReferrers(manifests);
    }

    /// <summary>The bundles (one per referrer layer of the bundle type); empty when there are none.</summary>
    /// <exception cref="ContentTooLargeException">A bundle layer is larger than <see cref="MaxBundleBytes"/>.</exception>
    /// <exception cref="RegistryException">The registry fails; digest mismatches surface as <see cref="DigestMismatchException"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IReadOnlyList<byte[]>> FindAsync(Digest subject, CancellationToken cancellationToken)
    {
        var bundles = new List<byte[]>();
        // cosign 3 on a registry without the referrers API indexes its bundle with the artifact type of the empty
        // config (seen with distribution 2.8), so candidates are filtered here and confirmed by the manifest.
        var candidates = (await _referrers.ListAsync(subject, null, cancellationToken))
            .Where(r => r.ArtifactType is null or BundleArtifactType or EmptyConfigMediaType);
        foreach (var referrer in candidates)
        {
            if (!Digest.TryParse(referrer.DigestText, out var digest))
            {
                throw new UnsupportedManifestException($"the referrers of {subject} list the invalid digest '{referrer.DigestText}'");
            }

            var manifest = await _manifests.GetManifestAsync(digest.ToString(), cancellationToken);
            var image = manifest.ParseImageManifest();
            if (image.ArtifactType != BundleArtifactType && image.Config?.MediaType != BundleArtifactType)
            {
                continue;
            }

            foreach (var layer in image.Layers.Where(l => l.MediaType == BundleArtifactType))
            {
                if (layer.Size is < 0 or > MaxBundleBytes)
                {
                    throw new ContentTooLargeException($"cosign bundle {layer.DigestText} is {layer.Size} bytes, more than {MaxBundleBytes}");
                }

                bundles.Add(await _blobs.ReadBlobAsync(layer, MaxBundleBytes, cancellationToken));
            }
        }

        return bundles;
    }
}
