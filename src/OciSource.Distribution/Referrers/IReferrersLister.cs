using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;

namespace OciSource.Distribution.Referrers;

/// <summary>Lists the manifests that refer to a subject (OCI 1.1 referrers).</summary>
public interface IReferrersLister
{
    /// <summary>
    /// The descriptors referring to <paramref name="subject"/>, filtered by <paramref name="artifactType"/> when given;
    /// none is an empty list, not an error.
    /// </summary>
    /// <exception cref="RegistryException">The registry fails (auth, transport, limits, digests, malformed index).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<IReadOnlyList<Descriptor>> ListAsync(Digest subject, string? artifactType, CancellationToken cancellationToken);
}
