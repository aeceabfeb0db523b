using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;

namespace OciSource.Distribution.Referrers;

/// <summary>
/// Referrers discovery through the referrers tag schema (for registries without the referrers API, such as
/// distribution 2.8): the index tagged <c>&lt;alg&gt;-&lt;hex&gt;</c>, read bounded and digest-checked by the fetcher.
/// </summary>
public sealed class TagSchemaReferrers : IReferrersLister
{
    private readonly IManifestFetcher _fetcher;

    public TagSchemaReferrers(IManifestFetcher fetcher)
    {
        ArgumentNullException.ThrowIfNull(fetcher);
        _fetcher = fetcher;
    }

    /// <summary>
    /// The descriptors referring to <paramref name="subject"/>, filtered by <paramref name="artifactType"/> when given;
    /// an absent tag means no referrers (empty list).
    /// </summary>
    /// <exception cref="UnsupportedManifestException">The tag names something other than an index.</exception>
    /// <exception cref="RegistryException">The registry fails otherwise (auth, transport, limits, digests).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IReadOnlyList<Descriptor>> ListAsync(Digest subject, string? artifactType, CancellationToken cancellationToken)
    {
        ManifestContent index;
        try
        {
            index = await _fetcher.GetManifestAsync(ReferrersTag.For(subject), cancellationToken);
        }
        catch (RegistryNotFoundException)
        {
            return [];
        }

        var manifests = index.ParseIndex().Manifests;
        return artifactType is null ? manifests : [.. manifests.Where(m => m.ArtifactType == artifactType)];
    }
}
