using OciSource.Distribution.Content;

namespace OciSource.Distribution.Client;

/// <summary>Asks a repository whether it serves a blob, without transferring it.</summary>
public interface IBlobChecker
{
    /// <summary>
    /// One <c>HEAD /v2/&lt;repository&gt;/blobs/&lt;digest&gt;</c> (after any authentication challenge): true when the
    /// registry answers 2xx for the descriptor's digest (and a declared <c>Content-Length</c>, if any, equals its size);
    /// false when it answers 404 or another length. No body is read.
    /// </summary>
    /// <remarks>Errors: RegistryUnauthorizedException (401/403), UnsupportedManifestException (invalid descriptor), RegistryException (any other answer, no connection).</remarks>
    Task<bool> BlobExistsAsync(Descriptor descriptor, CancellationToken cancellationToken);
}
