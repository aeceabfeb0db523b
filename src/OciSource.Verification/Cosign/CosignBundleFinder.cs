using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.Referrers;

namespace OciSource.Verification.Cosign;

/// <summary>
/// Finds cosign v3 Sigstore bundles attached to an artifact as referrers (through whatever <see cref="IReferrersLister"/>
/// is given: the referrers API, or the tag schema on registries without it) and returns their bytes, bounded, for the
/// Sigstore bundle verifier. At most <see cref="CosignLimits.MaxReferrers"/> referrers and
/// <see cref="CosignLimits.MaxLayers"/> layers of each are examined.
/// </summary>
public sealed class CosignBundleFinder
{
    /// <summary>Artifact type of cosign 3's bundle referrers.</summary>
    public const string BundleArtifactType = "application/vnd.dev.sigstore.bundle.v0.3+json";

    /// <summary>The OCI empty descriptor's media type.</summary>
    public const string EmptyConfigMediaType = "application/vnd.oci.empty.v1+json";

    private readonly IManifestFetcher _manifests;
    private readonly IBlobFetcher _blobs;
    private readonly IReferrersLister _referrers;

    public CosignBundleFinder(IManifestFetcher manifests, IBlobFetcher blobs, IReferrersLister referrers)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(referrers);
        _manifests = manifests;
        _blobs = blobs;
        _referrers = referrers;
    }

    /// <summary>The bundles (one per referrer layer of the bundle type); empty when there are none.</summary>
    /// <exception cref="ContentTooLargeException">A bundle layer is larger than <see cref="CosignLimits.MaxBundleBytes"/>.</exception>
    /// <exception cref="RegistryException">The registry fails; digest mismatches surface as <see cref="DigestMismatchException"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IReadOnlyList<byte[]>> FindAsync(Digest subject, CancellationToken cancellationToken)
    {
        var bundles = new List<byte[]>();
        // cosign 3 on a registry without the referrers API indexes its bundle with the artifact type of the empty
        // config (seen with distribution 2.8), so candidates are filtered here and confirmed by the manifest.
        var candidates = (await _referrers.ListAsync(subject, null, cancellationToken))
            .Where(r => r.ArtifactType is null or BundleArtifactType or EmptyConfigMediaType)
            .Take(CosignLimits.MaxReferrers);
        foreach (var referrer in candidates)
        {
            if (!Digest.TryParse(referrer.DigestText, out var digest))
            {
                throw new UnsupportedManifestException($"the referrers of {subject} list the invalid digest '{referrer.DigestText}'");
            }

            var manifest = await _manifests.GetManifestAsync(digest.ToString(), cancellationToken);
            if (manifest.IsIndex)
            {
                continue;
            }

            var image = manifest.ParseImageManifest();
            if (image.ArtifactType != BundleArtifactType && image.Config?.MediaType != BundleArtifactType)
            {
                continue;
            }

            foreach (var layer in image.Layers.Where(l => l.MediaType == BundleArtifactType).Take(CosignLimits.MaxLayers))
            {
                bundles.Add(await _blobs.ReadBlobAsync(layer, CosignLimits.MaxBundleBytes, cancellationToken));
            }
        }

        return bundles;
    }
}
