using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;

namespace OciSource.Distribution.Referrers;

/// <summary>The OCI 1.1 referrers API of one repository (<c>GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;</c>).</summary>
public interface IReferrersApi
{
    /// <summary>
    /// The descriptors the registry lists as referring to <paramref name="subject"/>, every page followed, filtered by
    /// <paramref name="artifactType"/> when given (by the registry when it says so in <c>OCI-Filters-Applied</c>, else
    /// here); <see langword="null"/> when the registry does not serve the API: it answers 404, 400 or 406, or 200 with
    /// something other than an OCI index (the rule go-containerregistry follows before using the referrers tag schema).
    /// </summary>
    /// <exception cref="ContentTooLargeException">A page, or all pages together, exceed the limits.</exception>
    /// <exception cref="RegistryException">Any other failure (auth, transport, a malformed index, pagination loops or leaves the host).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<IReadOnlyList<Descriptor>?> GetReferrersAsync(Digest subject, string? artifactType, CancellationToken cancellationToken);
}
