using OciSource.Distribution.Content;

namespace OciSource.Distribution.Client;

/// <summary>Streams blobs, verifying size and digest while the caller reads.</summary>
public interface IBlobFetcher
{
    /// <summary>A stream of the blob; its reads throw DigestMismatchException on a size or digest mismatch (at the latest on the read that reaches the end), and resume a broken download.</summary>
    /// <remarks>Errors: RegistryNotFoundException, DigestMismatchException (Content-Length differs from the descriptor), RegistryException.</remarks>
    Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken);
}
