using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;

namespace OciSource.Distribution.Referrers;

/// <summary>
/// Referrers through the OCI 1.1 referrers API, falling back to the referrers tag schema exactly when the registry
/// does not serve the API (see <see cref="IReferrersApi.GetReferrersAsync"/>: 404, 400 or 406, or a 200 that is not an
/// OCI index), as the distribution spec and go-containerregistry do. The answer is remembered for the lifetime of
/// this lister (one repository): the spec forbids a registry that serves the API to answer 404 on it, so a registry
/// that did is not asked again, and one that answered with an index keeps being asked. Failures (auth, transport,
/// limits) are never remembered. Thread-safe.
/// </summary>
public sealed class ReferrersLister : IReferrersLister
{
    private const int Unknown = 0;
    private const int Api = 1;
    private const int TagSchema = 2;

    private readonly IReferrersApi _api;
    private readonly TagSchemaReferrers _tagSchema;
    private int _mode = Unknown;

    public ReferrersLister(IReferrersApi api, IManifestFetcher manifests)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(manifests);
        _api = api;
        _tagSchema = new TagSchemaReferrers(manifests);
    }

    /// <summary>A lister for <paramref name="client"/>'s repository.</summary>
    public ReferrersLister(RegistryClient client)
        : this(client, (IManifestFetcher)client)
    {
    }

    /// <summary>Whether the registry was found to serve the referrers API; <see langword="null"/> before the first answer.</summary>
    public bool? UsesReferrersApi => Volatile.Read(ref _mode) switch
    {
        Api => true,
        TagSchema => false,
        _ => null,
    };

    /// <summary>
    /// The descriptors referring to <paramref name="subject"/>, filtered by <paramref name="artifactType"/> when given;
    /// none is an empty list.
    /// </summary>
    /// <exception cref="ContentTooLargeException">The listing exceeds the limits (pages, bytes, manifest size).</exception>
    /// <exception cref="RegistryException">The registry fails (auth, transport, digests, a malformed index).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IReadOnlyList<Descriptor>> ListAsync(Digest subject, string? artifactType, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _mode) != TagSchema)
        {
            var listed = await _api.GetReferrersAsync(subject, artifactType, cancellationToken);
            Volatile.Write(ref _mode, listed is null ? TagSchema : Api);
            if (listed is not null)
            {
                return listed;
            }
        }

        return await _tagSchema.ListAsync(subject, artifactType, cancellationToken);
    }
}
